package se.samverkan.gateway.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.support.Databases;
import se.samverkan.gateway.support.LogScan;

/**
 * The database goes away while a file is read: the gateway runs as a process of its own on a PostgreSQL server
 * of this test's, which is stopped for {@code outage.seconds} (30 by default) when the EMI has received the 20th
 * delivery, while the file is still being read, and started again. The reader waits for it (logged), skips no
 * record, and the one report of the file and what the EMI received match the input record by record.
 */
class DatabaseOutageIT {

    /** A few hundred in CI; the closing note\'s 1,000 with {@code -Dnight.children=1000} (see the README). */
    static final int CHILDREN = Integer.getInteger("night.children", 200);
    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("outage.seconds", 30));

    @Test
    void aDatabaseOutageWhileAFileIsReadLosesNoRecordAndTheReportIsWhole() throws Exception {
        try (CrashHarness harness = new CrashHarness();
             Databases.StoppablePostgres database = Databases.stoppablePostgres(harness.work.resolve("pgdata"));
             ChildGateway gateway = harness.gateway(harness.work, Map.of(
                     "spring.datasource.url", database.jdbcUrl(), "spring.datasource.username", "postgres",
                     "spring.datasource.password", "",
                     // a lost connection is noticed in seconds, not at Hikari's default 30 s
                     "spring.datasource.hikari.connection-timeout", "2000"))) {
            Path input = harness.cohort(CHILDREN, 17);
            CompletableFuture<Instant> back = new CompletableFuture<>();
            // the outage itself: stopped, and started again after OUTAGE (nothing to await but time)
            harness.atDelivery(20, () -> CompletableFuture.runAsync(database::stop)
                    .thenCompose(stopped -> CompletableFuture.supplyAsync(() -> {
                        database.start();
                        return Instant.now();
                    }, CompletableFuture.delayedExecutor(OUTAGE.toMillis(), TimeUnit.MILLISECONDS)))
                    .whenComplete((at, failure) -> {
                        if (failure != null) {
                            back.completeExceptionally(failure);
                        } else {
                            back.complete(at);
                        }
                    }));
            gateway.start();
            await().atMost(Duration.ofSeconds(300)).until(gateway::started);
            harness.drop(input);

            Instant restarted = back.get(240, TimeUnit.SECONDS);
            JsonNode report = await().atMost(Duration.ofSeconds(300))
                    .until(() -> harness.completeReport(input), Optional::isPresent).orElseThrow();
            System.out.printf("database outage (%d children, %d s while reading): batch complete %d ms after the"
                            + " database came back%n", CHILDREN, OUTAGE.toSeconds(),
                    Duration.between(restarted, Instant.now()).toMillis());

            String log = gateway.logOf(1);
            assertThat(log).as("the reader waited for the database").contains("database unavailable during")
                    .contains("database back");
            assertThat(log).as("no record given up").doesNotContain("GW-3005");
            CrashRecoveryIT.verify(harness, input, report, CrashRecoveryIT.CONCURRENCY);
            assertThat(harness.files("rejected")).as("nothing rejected").isEmpty();
            assertThat(LogScan.identityNumbers(log)).as("identity numbers in the gateway's log").isEmpty();
        }
    }
}
