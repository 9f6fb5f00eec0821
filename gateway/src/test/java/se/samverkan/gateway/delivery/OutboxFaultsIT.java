package se.samverkan.gateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.support.GatewayIntegrationTest;

/**
 * The delivery route against a recipient that fails in the ways networks and servers fail: the connection
 * reset, no answer within the timeout, server errors, a refusal. The sample batch sends one record
 * (R-1010) to school 10000002; its EMI stand-in fails as each test says, then answers 200.
 */
class OutboxFaultsIT extends GatewayIntegrationTest {

    static final String SCHOOL = "/emi/10000002/fhir";

    @Test
    void aConnectionResetIsRetriedAndTheDeliveryLandsOnce() throws Exception {
        failFirst(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        BatchRun run = settled(run(sampleCopy("fault-reset")));

        assertThat(result(run, "R-1010").outcome()).isEqualTo(Outcome.DELIVERED);
        List<ServeEvent> received = served();
        assertThat(received).hasSize(2);
        assertSameDelivery(received);
        assertThat(attempts(run)).isEqualTo(2);
        assertThat(deliveryAudit(run)).extracting(AuditEvent::getOutcome)
                .containsExactly(AuditEvent.AuditEventOutcome._8, AuditEvent.AuditEventOutcome._0);
        assertThat(deliveryAudit(run).get(0).getOutcomeDesc()).contains("GW-3001").contains("attempt 1");
    }

    /**
     * The recipient got the first request but answered too late: the gateway cannot know it landed, so it
     * sends it again, and the receiver sees the same delivery id with the same bytes twice (its cue to
     * de-duplicate).
     */
    @Test
    void noAnswerWithinTheTimeoutIsRetriedUnderTheSameDeliveryIdWithTheSameBytes() throws Exception {
        failFirst(aResponse().withStatus(200).withFixedDelay((int) TIMEOUT.plusSeconds(1).toMillis()));

        BatchRun run = settled(run(sampleCopy("fault-timeout")));

        assertThat(result(run, "R-1010").outcome()).isEqualTo(Outcome.DELIVERED);
        List<ServeEvent> received = served();
        assertThat(received).hasSize(2);
        assertSameDelivery(received);
        assertThat(deliveryAudit(run).get(0).getOutcomeDesc()).contains("SocketTimeoutException");
        assertThat(deliveryAudit(run).get(1).getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    }

    @Test
    void twoServerErrorsThenSuccessIsThreeAttemptsOneDelivery() throws Exception {
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).inScenario("500-500-200").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("once"));
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).inScenario("500-500-200").whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).inScenario("500-500-200").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));

        BatchRun run = settled(run(sampleCopy("fault-500")));

        assertThat(result(run, "R-1010").outcome()).isEqualTo(Outcome.DELIVERED);
        List<ServeEvent> received = served();
        assertThat(received).extracting(e -> e.getResponse().getStatus()).containsExactly(500, 500, 200);
        assertSameDelivery(received);
        assertThat(attempts(run)).isEqualTo(3);
        assertThat(deliveryAudit(run)).extracting(AuditEvent::getOutcome).containsExactly(
                AuditEvent.AuditEventOutcome._8, AuditEvent.AuditEventOutcome._8, AuditEvent.AuditEventOutcome._0);
        // backed off: each retry waited, at most the curve's ceiling (100 ms, then 200 ms) plus a poll or two
        Instant first = received.get(0).getRequest().getLoggedDate().toInstant();
        Instant third = received.get(2).getRequest().getLoggedDate().toInstant();
        assertThat(java.time.Duration.between(first, third)).isLessThan(java.time.Duration.ofSeconds(3));
        assertThat(Files.readString(reportFile(run))).doesNotContain("Not final");
    }

    @Test
    void aRefusalByTheRecipientIsParkedWithItsReasonAndNotRetried() throws Exception {
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                        + "\"code\":\"business-rule\",\"diagnostics\":\"school unit closed for transfers\"}]}")));

        BatchRun run = run(sampleCopy("fault-422"));

        RecordResult r1010 = result(run, "R-1010");
        assertThat(r1010.outcome()).isEqualTo(Outcome.PARKED);
        assertThat(r1010.code()).isEqualTo("GW-3002");
        assertThat(r1010.reason()).contains("HTTP 422").contains("school unit closed for transfers");
        assertThat(runs.status(run.runId()).orElseThrow()).isEqualTo(se.samverkan.gateway.batch.BatchRuns.Status.DONE);
        assertThat(served()).hasSize(1);
        assertThat(outbox.entries(Outbox.Status.PARKED, 10_000)).anySatisfy(e -> {
            assertThat(e.recordId()).isEqualTo("R-1010");
            assertThat(e.lastError()).contains("school unit closed for transfers");
        });
        assertThat(Files.readString(reportFile(run))).contains("Parked").contains("GW-3002");
    }

    private static void failFirst(ResponseDefinitionBuilder failure) {
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).inScenario("fail-once").whenScenarioStateIs(STARTED)
                .willReturn(failure).willSetStateTo("up"));
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).inScenario("fail-once").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
    }

    /** Every request to the school, oldest first. */
    private static List<ServeEvent> served() {
        return EMI.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith(SCHOOL))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
    }

    private static void assertSameDelivery(List<ServeEvent> received) {
        assertThat(received.stream().map(e -> e.getRequest().getHeader("X-Delivery-Id")).distinct()).hasSize(1);
        assertThat(received.stream().map(e -> java.util.Arrays.hashCode(e.getRequest().getBody())).distinct())
                .hasSize(1);
        assertThat(received.stream().map(e -> e.getRequest().getHeader("X-Samverkan-Signature")).distinct())
                .hasSize(1);
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class,
                received.get(0).getRequest().getBodyAsString());
        assertThat(bundle.getIdentifier().getValue()).isEqualTo(received.get(0).getRequest().getHeader("X-Delivery-Id"));
    }

    private UUID deliveryId(BatchRun run) {
        return UUID.fromString(jdbc.sql("select delivery_id from batch_record where run_id = ? and record_id = 'R-1010'")
                .param(run.runId()).query(String.class).single());
    }

    private int attempts(BatchRun run) {
        return jdbc.sql("select attempts from transfer_record where delivery_id = ?")
                .param(deliveryId(run).toString()).query(Integer.class).single();
    }

    /** The delivery attempts of R-1010 in the audit store, in the order they were recorded. */
    private List<AuditEvent> deliveryAudit(BatchRun run) {
        String id = deliveryId(run).toString();
        return jdbc.sql("select body from fhir_resource where resource_type = 'AuditEvent' and body like ?"
                        + " order by updated_at")
                .param("%" + id + "%").query(String.class).list().stream()
                .map(body -> FhirContext.forR4Cached().newJsonParser().parseResource(AuditEvent.class, body))
                .filter(a -> "110106".equals(a.getType().getCode()))
                .sorted(Comparator.comparing(AuditEvent::getRecorded))
                .toList();
    }

    private java.nio.file.Path reportFile(BatchRun run) throws Exception {
        String stem = run.fileName().replace(".xml", "");
        try (var files = Files.list(WORK.resolve("reports"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(stem + ".")
                    && p.toString().endsWith(".report.txt")).findFirst().orElseThrow();
        }
    }

    private static RecordResult result(BatchRun run, String recordId) {
        return run.results().stream().filter(r -> r.recordId().equals(recordId)).findFirst().orElseThrow();
    }
}
