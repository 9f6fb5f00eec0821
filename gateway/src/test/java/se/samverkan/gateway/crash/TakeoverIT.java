package se.samverkan.gateway.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.support.Databases;
import se.samverkan.gateway.support.LogScan;

/**
 * Two gateways on one PostgreSQL database (a server of this test's) and one shared inbox folder: whichever takes the file reads it alone;
 * it is killed (SIGKILL) mid-read at the 10th delivery. The other sees its heartbeat stop, frees its claims at
 * once (the lease is 30 s here; the takeover comes within seconds), resumes the file from the records already
 * accepted and reports it. One run, one report, matching the input record by record; only the deliveries in
 * flight at the kill may come twice.
 */
class TakeoverIT {

    /** A few hundred in CI; the closing note\'s 1,000 with {@code -Dnight.children=1000} (see the README). */
    static final int CHILDREN = Integer.getInteger("night.children", 200);

    @Test
    void whenTheReaderDiesTheOtherInstanceResumesItsFileAndFinishesTheRun() throws Exception {
        try (CrashHarness harness = new CrashHarness();
             // a server of its own: the other tests' runs and audit records are not this test's
             Databases.StoppablePostgres database = Databases.stoppablePostgres(harness.work.resolve("pgdata"));
             ChildGateway a = harness.gateway(harness.work, shared(harness, database.jdbcUrl(), "takeover-a"));
             ChildGateway b = harness.gateway(harness.work.resolve("b"), shared(harness, database.jdbcUrl(),
                     "takeover-b"))) {
            Path input = harness.cohort(CHILDREN, 19);
            a.start();
            b.start();
            await().atMost(Duration.ofSeconds(300)).until(() -> a.started() && b.started());

            JdbcClient db = JdbcClient.create(database.dataSource());
            AtomicReference<String> killed = new AtomicReference<>();
            harness.atDelivery(10, () -> {
                String reader = db.sql("select reader from batch_run where file_name = ? and status = 'OPEN'")
                        .param(input.getFileName().toString()).query(String.class).optional().orElse("none");
                killed.set(reader);
                if (reader.startsWith("takeover-a#")) {
                    a.kill();
                } else if (reader.startsWith("takeover-b#")) {
                    b.kill();
                }
            });
            harness.drop(input);
            JsonNode report = await().atMost(Duration.ofSeconds(300))
                    .until(() -> harness.completeReport(input), Optional::isPresent).orElseThrow();
            Instant complete = Instant.now();

            assertThat(killed.get()).as("the reader was killed while it read").matches("takeover-[ab]#.*");
            boolean aDied = killed.get().startsWith("takeover-a#");
            ChildGateway survivor = aDied ? b : a;
            assertThat(aDied ? a.alive() : b.alive()).as("the reader is dead").isFalse();
            String log = survivor.logOf(1);
            assertThat(log).as("the survivor took the reader's work over")
                    .contains("instance " + (aDied ? "takeover-a" : "takeover-b") + " is gone")
                    .contains("resuming the run");
            System.out.printf("takeover (%d children, reader killed at delivery 10): batch complete %d ms after the"
                    + " kill%n", CHILDREN, Duration.between(harness.killedAt(), complete).toMillis());

            CrashRecoveryIT.verify(harness, input, report, CrashRecoveryIT.CONCURRENCY);
            assertThat(db.sql("select count(*) from batch_run where file_name = ?")
                    .param(input.getFileName().toString()).query(Integer.class).single()).as("one run").isEqualTo(1);
            assertThat(harness.files("rejected")).as("nothing rejected").isEmpty();
            assertThat(LogScan.identityNumbers(a.logOf(1) + b.logOf(1))).as("identity numbers in the logs").isEmpty();
        }
    }

    /** One database; one inbox, processed, rejected and reports folder for both; a fast heartbeat. */
    static Map<String, String> shared(CrashHarness harness, String url, String instance) {
        Map<String, String> more = new HashMap<>(TwoInstancesIT.database(url, instance));
        Path var = harness.work.resolve("var").toAbsolutePath();
        more.put("gateway.batch.inbox", var.resolve("inbox").toString());
        more.put("gateway.batch.processed", var.resolve("processed").toString());
        more.put("gateway.batch.rejected", var.resolve("rejected").toString());
        more.put("gateway.batch.reports", var.resolve("reports").toString());
        more.put("gateway.heartbeat.interval", "1s");
        more.put("gateway.heartbeat.timeout", "4s");
        return more;
    }
}
