package se.samverkan.gateway.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * Exactly once under a crash: the gateway runs as its own process, is killed with SIGKILL while the EMI
 * holds its 10th delivery (received, not yet answered) and the batch file is still being read, and is
 * started again. Then every record of the input is in the one report of the run, once, and what the EMI
 * received matches the input record by record: each delivered child's Bundle under its own delivery id,
 * nothing for the others, and no delivery twice except the ones in flight at the kill, which come again
 * under the same id with the same bytes (the de-duplication contract).
 */
class CrashRecoveryIT {

    static final int CHILDREN = 40;
    static final int KILL_AT = 10;
    /** Deliveries in flight at once (gateway.outbox.concurrency default): at most this many can come twice. */
    static final int CONCURRENCY = 4;

    @Test
    void aGatewayKilledMidBatchDeliversEveryRecordExactlyOnceAfterARestart() throws Exception {
        try (CrashHarness harness = new CrashHarness(); ChildGateway gateway = harness.gateway()) {
            Path input = harness.cohort(CHILDREN, 7);
            harness.drop(input);
            harness.killAtDelivery(KILL_AT, gateway);
            gateway.start();
            assertThat(gateway.awaitExit(Duration.ofSeconds(120))).as("stopped").isTrue();
            assertThat(harness.killedAt()).as("killed at delivery " + KILL_AT).isNotNull();
            assertThat(harness.reports(input)).as("killed before the batch was over").isEmpty();
            harness.disarm();

            Instant restarted = Instant.now();
            gateway.start();
            JsonNode report = await().atMost(Duration.ofSeconds(300))
                    .until(() -> harness.completeReport(input), java.util.Optional::isPresent).orElseThrow();
            Instant complete = Instant.now();

            assertThat(gateway.logOf(2)).as("the file was put back and its run resumed")
                    .contains("put back into the inbox").contains("resuming the run");
            verify(harness, input, report);
            assertThat(se.samverkan.gateway.support.LogScan.identityNumbers(gateway.logOf(1) + gateway.logOf(2)))
                    .as("identity numbers in the gateway's log, killed and restarted").isEmpty();
            List<ServeEvent> after = harness.received().stream()
                    .filter(e -> e.getRequest().getLoggedDate().toInstant().isAfter(restarted)).toList();
            System.out.printf("crash recovery (%d children, killed at delivery %d): first delivery %d ms after the"
                            + " restart, batch complete %d ms after it; %d deliveries received twice%n", CHILDREN,
                    KILL_AT, after.isEmpty() ? -1 : Duration.between(restarted,
                            after.get(0).getRequest().getLoggedDate().toInstant()).toMillis(),
                    Duration.between(restarted, complete).toMillis(), duplicates(harness.received()).size());
        }
    }

    /** The report and what the EMI received, against the input, record by record. */
    static void verify(CrashHarness harness, Path input, JsonNode report) throws Exception {
        verify(harness, input, report, CONCURRENCY);
    }

    /** As above; at most {@code inFlight} deliveries (the ones in flight at a kill) may have come twice. */
    static void verify(CrashHarness harness, Path input, JsonNode report, int inFlight) throws Exception {
        verify(harness, input, report, inFlight, 2);
    }

    /** As above, each of them at most {@code copies} times (a send that timed out again and again). */
    static void verify(CrashHarness harness, Path input, JsonNode report, int inFlight, int copies)
            throws Exception {
        List<CrashHarness.Expected> expected = CrashHarness.expected(input);
        assertThat(harness.reports(input)).as("one report for the run").hasSize(1);
        List<JsonNode> records = StreamSupport.stream(report.get("records").spliterator(), false).toList();
        assertThat(records.stream().map(r -> r.get("recordId").asText()))
                .as("every record in the report, once").containsExactlyElementsOf(
                        expected.stream().map(CrashHarness.Expected::recordId).toList());
        assertThat(records).noneSatisfy(r -> assertThat(r.get("outcome").asText()).isIn("failed", "queued", "parked"));

        Map<String, List<ServeEvent>> byId = harness.received().stream()
                .collect(Collectors.groupingBy(e -> e.getRequest().getHeader("X-Delivery-Id")));
        Set<String> delivered = new HashSet<>();
        for (int i = 0; i < expected.size(); i++) {
            CrashHarness.Expected want = expected.get(i);
            String outcome = records.get(i).get("outcome").asText();
            List<ServeEvent> got = byId.getOrDefault(want.deliveryId().toString(), List.of());
            if (outcome.equals("delivered")) {
                delivered.add(want.deliveryId().toString());
                assertThat(got).as("record %s delivered", want.recordId()).isNotEmpty();
                for (ServeEvent e : got) {
                    assertThat(e.getRequest().getUrl()).isEqualTo("/emi/" + want.school() + "/fhir");
                    Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class,
                            e.getRequest().getBodyAsString());
                    assertThat(bundle.getIdentifier().getValue()).isEqualTo(want.deliveryId().toString());
                    Patient child = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                            .filter(Patient.class::isInstance).map(Patient.class::cast).findFirst().orElseThrow();
                    assertThat(child.getIdentifierFirstRep().getValue()).as("record %s's child", want.recordId())
                            .isEqualTo(want.child());
                }
            } else {
                assertThat(got).as("record %s is %s: nothing sent", want.recordId(), outcome).isEmpty();
            }
        }
        assertThat(byId.keySet()).as("nothing received that the report does not call delivered")
                .isEqualTo(delivered);
        assertThat(report.get("counts").get("delivered").asInt()).isEqualTo(delivered.size());

        Map<String, List<ServeEvent>> twice = duplicates(harness.received());
        assertThat(twice.size()).as("only deliveries in flight at the kill come twice").isLessThanOrEqualTo(inFlight);
        twice.forEach((id, events) -> {
            assertThat(events).as("delivery %s", id).hasSizeBetween(2, copies);
            assertThat(events.stream().map(e -> Arrays.hashCode(e.getRequest().getBody())).distinct())
                    .as("delivery %s: the same bytes", id).hasSize(1);
            assertThat(events.stream().map(e -> e.getRequest().getHeader("X-Samverkan-Signature")).distinct())
                    .as("delivery %s: the same signature", id).hasSize(1);
        });
    }

    static Map<String, List<ServeEvent>> duplicates(List<ServeEvent> received) {
        return received.stream().collect(Collectors.groupingBy(e -> e.getRequest().getHeader("X-Delivery-Id")))
                .entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
