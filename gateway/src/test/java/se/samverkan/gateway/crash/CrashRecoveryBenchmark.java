package se.samverkan.gateway.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Recovery time after a kill on a 1,000-child batch: an uninterrupted run for reference, then a run killed
 * with SIGKILL at its 500th delivery and started again, checked record by record like {@link CrashRecoveryIT}.
 * {@code ./mvnw -pl gateway -am -Pbench test -Dtest=CrashRecoveryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
class CrashRecoveryBenchmark {

    static final int CHILDREN = 1000;
    static final int KILL_AT = 500;

    @Test
    void recoveryAfterAKillOnAThousandChildBatch() throws Exception {
        Duration uninterrupted;
        try (CrashHarness harness = new CrashHarness(); ChildGateway gateway = harness.gateway()) {
            Path input = harness.cohort(CHILDREN, 42);
            Instant started = Instant.now();
            harness.drop(input);
            gateway.start();
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> harness.completeReport(input), Optional::isPresent);
            uninterrupted = Duration.between(started, Instant.now());
            System.out.printf("uninterrupted: %d children, start to complete report %d ms%n", CHILDREN,
                    uninterrupted.toMillis());
        }
        try (CrashHarness harness = new CrashHarness(); ChildGateway gateway = harness.gateway()) {
            Path input = harness.cohort(CHILDREN, 42);
            Instant started = Instant.now();
            harness.drop(input);
            harness.killAtDelivery(KILL_AT, gateway);
            gateway.start();
            assertThat(gateway.awaitExit(Duration.ofMinutes(15))).isTrue();
            assertThat(harness.killedAt()).isNotNull();
            harness.disarm();
            Instant killed = harness.killedAt();

            Instant restarted = Instant.now();
            gateway.start();
            JsonNode report = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> harness.completeReport(input), Optional::isPresent).orElseThrow();
            Instant complete = Instant.now();
            CrashRecoveryIT.verify(harness, input, report);

            List<ServeEvent> after = harness.received().stream()
                    .filter(e -> e.getRequest().getLoggedDate().toInstant().isAfter(restarted)).toList();
            long firstAfter = Duration.between(restarted, after.get(0).getRequest().getLoggedDate().toInstant())
                    .toMillis();
            String resumed = gateway.logOf(2).lines().filter(l -> l.contains("resuming the run")
                    || l.contains("in flight when")).map(l -> l.substring(Math.max(0, l.indexOf(" : ") + 3)))
                    .reduce("", (a, b) -> a + "\n  " + b);
            System.out.printf("killed: %d children, SIGKILL at delivery %d, %d ms after the start%n"
                            + "  restart to first delivery: %d ms (JVM and Spring start, validator warm-up included)%n"
                            + "  restart to complete report: %d ms%n"
                            + "  start to complete, kill and restart included: %d ms (uninterrupted: %d ms;"
                            + " the kill cost %d ms)%n  delivered %d, received twice %d%s%n",
                    CHILDREN, KILL_AT, Duration.between(started, killed).toMillis(), firstAfter,
                    Duration.between(restarted, complete).toMillis(), Duration.between(started, complete).toMillis(),
                    uninterrupted.toMillis(), Duration.between(started, complete).minus(uninterrupted).toMillis(),
                    report.get("counts").get("delivered").asInt(), CrashRecoveryIT.duplicates(harness.received()).size(),
                    resumed);
        }
    }
}
