package se.samverkan.gateway.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.support.LogScan;

/**
 * A graceful stop (SIGTERM, as systemd or a rolling deploy sends it) mid-batch, twice: once while the file is
 * being read, once later in the run. Each stop takes no new record, finishes the records and sends in hand,
 * hands the file back into the inbox (never to rejected/), releases its claims and exits within the grace; the
 * restarted gateway resumes the run. In the end the one report of the file and what the EMI received match the
 * input record by record, and nothing came twice: a graceful stop finishes its sends instead of abandoning them.
 */
class GracefulStopIT {

    /** A few hundred in CI; the closing note\'s 1,000 with {@code -Dnight.children=1000} (see the README). */
    static final int CHILDREN = Integer.getInteger("night.children", 200);
    static final Duration GRACE = Duration.ofSeconds(10);

    @Test
    void aGatewayStoppedTwiceMidBatchHandsTheFileBackAndTheRestartsFinishIt() throws Exception {
        try (CrashHarness harness = new CrashHarness();
             ChildGateway gateway = harness.gateway(harness.work,
                     Map.of("gateway.batch.shutdown-grace", GRACE.toSeconds() + "s"))) {
            Path input = harness.cohort(CHILDREN, 13);
            String name = input.getFileName().toString();
            harness.drop(input);

            // 1: while the file is being read (the third delivery comes long before 200 records are accepted)
            harness.terminateAtDelivery(3, gateway);
            gateway.start();
            Duration first = stopped(harness, gateway);
            assertThat(gateway.logOf(1)).as("the reading was stopped and the file handed back")
                    .contains("handed back to the inbox, not read to its end: the gateway is stopping")
                    .doesNotContain("Database is already closed");
            assertThat(harness.files("inbox")).as("the file waits in the inbox for the next read").contains(name);
            assertThat(harness.files("rejected")).as("nothing rejected").isEmpty();
            assertThat(harness.reports(input)).as("no report of a run not over").isEmpty();

            // 2: later in the run, after the restart has resumed it
            harness.terminateAtDelivery(60, gateway);
            gateway.start();
            Duration second = stopped(harness, gateway);
            assertThat(gateway.logOf(2)).contains("resuming the run").doesNotContain("Database is already closed");
            assertThat(harness.files("rejected")).as("nothing rejected").isEmpty();

            harness.disarm();
            Instant restarted = Instant.now();
            gateway.start();
            JsonNode report = await().atMost(Duration.ofSeconds(300))
                    .until(() -> harness.completeReport(input), Optional::isPresent).orElseThrow();
            System.out.printf("graceful stops (%d children): exited %d ms and %d ms after SIGTERM; batch complete %d ms"
                            + " after the last restart%n", CHILDREN, first.toMillis(), second.toMillis(),
                    Duration.between(restarted, Instant.now()).toMillis());

            CrashRecoveryIT.verify(harness, input, report, 0);
            assertThat(harness.files("rejected")).as("nothing rejected").isEmpty();
            assertThat(harness.files("processed")).as("the file acknowledged once").hasSize(1);
            assertThat(LogScan.identityNumbers(gateway.logOf(1) + gateway.logOf(2) + gateway.logOf(3)))
                    .as("identity numbers in the gateway's logs").isEmpty();
        }
    }

    /** Waits for the SIGTERM and the exit; the exit came within the grace (and the JVM's own stop). */
    private static Duration stopped(CrashHarness harness, ChildGateway gateway) throws InterruptedException {
        assertThat(gateway.awaitExit(Duration.ofSeconds(180))).as("stopped").isTrue();
        assertThat(harness.killedAt()).as("stopped by SIGTERM mid-batch").isNotNull();
        Duration took = Duration.between(harness.killedAt(), Instant.now());
        assertThat(took).as("exit within the grace").isLessThan(GRACE.plusSeconds(10));
        return took;
    }
}
