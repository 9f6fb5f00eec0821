package se.samverkan.gateway.crash;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One school hangs: it answers after 4 s, past the 2 s send timeout, until the others have everything. The
 * hanging school holds at most its share of the four senders (two, with three schools), so the other two schools'
 * deliveries all arrive while it hangs; then it recovers and gets its own. The report and what the schools received
 * match the input record by record; only the hanging school's timed-out sends came again.
 */
class RecipientIsolationIT {

    /** A few hundred in CI; the closing note\'s 1,000 with {@code -Dnight.children=1000} (see the README). */
    static final int CHILDREN = Integer.getInteger("night.children", 150);
    static final String SLOW = CrashHarness.SCHOOLS.get(0);
    /** The send timeout and how long the slow school takes to answer (the 30 s and 35 s in the benchmark). */
    static final long TIMEOUT_MILLIS = Long.getLong("isolation.timeout.millis", 2000);
    static final long HANG_MILLIS = Long.getLong("isolation.hang.millis", 4000);
    /** How long the gateway holds a send to the hanging school (its timeout, less a margin for the clocks). */
    static final long HELD_MILLIS = TIMEOUT_MILLIS - 100;

    @Test
    void aHangingSchoolTakesOnlyItsShareOfTheSendersAndTheOtherSchoolsGetEverythingMeanwhile() throws Exception {
        try (CrashHarness harness = new CrashHarness();
             ChildGateway gateway = harness.gateway(harness.work, Map.of("gateway.outbox.timeout", TIMEOUT_MILLIS + "ms",
                     "gateway.outbox.lease", Math.max(30_000, 3 * TIMEOUT_MILLIS) + "ms",
                     "gateway.outbox.max-attempts", "200"))) {
            Path input = harness.cohort(CHILDREN, 23);
            List<CrashHarness.Expected> expected = CrashHarness.expected(input);
            StubMapping hang = harness.emi.stubFor(post(urlPathEqualTo("/emi/" + SLOW + "/fhir"))
                    .willReturn(aResponse().withStatus(200).withFixedDelay((int) HANG_MILLIS)
                            .withHeader("Content-Type", "application/fhir+json")
                            .withBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}")));
            gateway.start();
            await().atMost(Duration.ofSeconds(300)).until(gateway::started);
            harness.drop(input);

            // every healthy school's delivery arrives while the slow one hangs (the report says how many may go)
            long healthyRecords = expected.stream().filter(e -> !e.school().equals(SLOW)).count();
            await().atMost(Duration.ofSeconds(300)).until(() -> {
                List<ServeEvent> got = healthy(harness.received());
                // most healthy records are deliverable (the rest held for consent), and none came for a second
                return got.stream().map(e -> e.getRequest().getHeader("X-Delivery-Id")).distinct().count()
                        >= healthyRecords * 7 / 10 && quiet(got);
            });
            List<ServeEvent> healthy = healthy(harness.received());
            List<ServeEvent> slow = slow(harness.received());
            Instant lastHealthy = healthy.get(healthy.size() - 1).getRequest().getLoggedDate().toInstant();
            Instant firstHealthy = healthy.get(0).getRequest().getLoggedDate().toInstant();
            assertThat(slow).as("the slow school was tried meanwhile").isNotEmpty();
            int most = mostAtOnce(slow.stream().filter(e -> e.getRequest().getLoggedDate().toInstant()
                    .isBefore(lastHealthy)).toList());
            double perSecond = healthy.size() * 1000.0 / Math.max(1, Duration.between(firstHealthy, lastHealthy)
                    .toMillis());

            harness.emi.removeStub(hang);
            JsonNode report = await().atMost(Duration.ofSeconds(300))
                    .until(() -> harness.completeReport(input), Optional::isPresent).orElseThrow();
            System.out.printf("one school hanging (%d children): the other two got %d deliveries at %.1f per second"
                            + " while it hung; at most %d of its sends at once%n", CHILDREN, healthy.size(), perSecond,
                    most);

            assertThat(most).as("the hanging school's sends in flight at once (its share of 4 senders, 3 schools)")
                    .isLessThanOrEqualTo(2);
            long slowRecords = expected.stream().filter(e -> e.school().equals(SLOW)).count();
            // the hanging school's sends that timed out came again, each time the same bytes under the same id
            CrashRecoveryIT.verify(harness, input, report, (int) slowRecords, Integer.MAX_VALUE);
            assertThat(CrashRecoveryIT.duplicates(healthy(harness.received()))).as("the healthy schools got each once")
                    .isEmpty();
        }
    }

    /** No healthy delivery for a second: the healthy schools have had what they will get while the slow one hangs. */
    private static boolean quiet(List<ServeEvent> healthy) {
        return !healthy.isEmpty() && healthy.get(healthy.size() - 1).getRequest().getLoggedDate().toInstant()
                .isBefore(Instant.now().minusSeconds(1));
    }

    static List<ServeEvent> healthy(List<ServeEvent> all) {
        return all.stream().filter(e -> !e.getRequest().getUrl().contains("/" + SLOW + "/")).toList();
    }

    static List<ServeEvent> slow(List<ServeEvent> all) {
        return all.stream().filter(e -> e.getRequest().getUrl().contains("/" + SLOW + "/")).toList();
    }

    /** The most sends the gateway held at once (each until its timeout; the EMI keeps serving an abandoned one). */
    static int mostAtOnce(List<ServeEvent> events) {
        List<long[]> edges = new ArrayList<>();
        for (ServeEvent e : events) {
            long start = e.getRequest().getLoggedDate().getTime();
            edges.add(new long[] {start, 1});
            edges.add(new long[] {start + HELD_MILLIS, -1});
        }
        edges.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        int now = 0;
        int most = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            most = Math.max(most, now);
        }
        return most;
    }
}
