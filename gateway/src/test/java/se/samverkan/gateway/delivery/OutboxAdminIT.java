package se.samverkan.gateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestTls;

/**
 * The admin API and the redrive command: operators only (their certificates open nothing else), parked
 * deliveries listed without identities and sent again once the recipient is fixed, the run reported again.
 */
class OutboxAdminIT extends GatewayIntegrationTest {

    static final String SCHOOL = "/emi/10000002/fhir";
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    RedriveCommand redrive;

    HttpClient operator() {
        return https(TLS.files().participant(TestTls.OPERATOR.name()));
    }

    HttpResponse<String> call(HttpClient client, String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyOperatorsReachTheAdminApiAndTheirCertificatesOpenNothingElse() throws Exception {
        HttpResponse<String> participant = call(https("bhv"), "GET", "/admin/outbox");
        HttpResponse<String> sneaky = call(https("bhv"), "GET", "/fhir/../admin/outbox");
        HttpResponse<String> fhirAsOperator = call(operator(), "GET", "/fhir/metadata");
        HttpResponse<String> asOperator = call(operator(), "GET", "/admin/outbox");

        assertThat(participant.statusCode()).isEqualTo(403);
        assertThat(participant.body()).contains("GW-6007");
        assertThat(sneaky.statusCode()).isIn(400, 403, 404);
        assertThat(fhirAsOperator.statusCode()).isEqualTo(403);
        assertThat(fhirAsOperator.body()).contains("GW-6002");
        assertThat(asOperator.statusCode()).isEqualTo(200);
    }

    @Test
    void aParkedDeliveryIsListedWithoutIdentitiesAndReDrivenOnceTheRecipientIsFixed() throws Exception {
        BatchRun parked = parkR1010("admin-redrive");
        UUID id = deliveryIdOf(parked);

        HttpResponse<String> list = call(operator(), "GET", "/admin/outbox?status=PARKED");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode entry = find(JSON.readTree(list.body()), id);
        assertThat(entry.get("recordId").asText()).isEqualTo("R-1010");
        assertThat(entry.get("lastCode").asText()).isEqualTo("GW-3002");
        assertThat(entry.get("childRef").asText()).startsWith("ps-");
        assertThat(list.body()).doesNotContainPattern("\\d{12}");

        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).willReturn(aResponse().withStatus(200)));
        HttpResponse<String> redriven = call(operator(), "POST", "/admin/outbox/" + id + "/redrive");

        assertThat(redriven.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(redriven.body()).get("status").asText()).isEqualTo("PENDING");
        BatchRun reported = settled(parked);
        assertThat(result(reported, "R-1010").outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(outbox.status(id)).contains(Outbox.Status.DELIVERED);
        EMI.verify(2, postRequestedFor(urlPathEqualTo(SCHOOL)));
        assertThat(jdbc.sql("select count(*) from fhir_resource where resource_type = 'AuditEvent' and body like ?"
                        + " and body like ?")
                .params("%\"redrive\"%", "%re-driven by Drift (test) (" + TestTls.OPERATOR.identifier() + ")%")
                .query(Long.class).single()).isEqualTo(1);

        HttpResponse<String> again = call(operator(), "POST", "/admin/outbox/" + id + "/redrive");
        HttpResponse<String> unknown = call(operator(), "POST", "/admin/outbox/" + UUID.randomUUID() + "/redrive");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("GW-3011").contains("delivered");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("GW-3010");
    }

    @Test
    void theRedriveCommandSendsAParkedDeliveryAndSaysHowItEnded() throws Exception {
        UUID id = deliveryIdOf(parkR1010("command-redrive"));
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).willReturn(aResponse().withStatus(200)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = redrive.run(List.of(id.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(30));

        assertThat(code).isEqualTo(RedriveCommand.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(id + ": re-driven").contains("R-1010")
                .contains("delivered").doesNotContainPattern("\\d{12}");
        assertThat(redrive.run(List.of(id.toString()), new PrintStream(new ByteArrayOutputStream()),
                Duration.ofSeconds(1))).isEqualTo(RedriveCommand.NOT_PARKED);
        assertThat(redrive.run(List.of(UUID.randomUUID().toString()), new PrintStream(new ByteArrayOutputStream()),
                Duration.ofSeconds(1))).isEqualTo(RedriveCommand.NO_SUCH_DELIVERY);
        assertThat(redrive.run(List.of(), new PrintStream(new ByteArrayOutputStream()), Duration.ofSeconds(1)))
                .isEqualTo(RedriveCommand.USAGE);
    }

    /** The sample batch with school 10000002 refusing R-1010 (422): parked. */
    private BatchRun parkR1010(String name) {
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).willReturn(aResponse().withStatus(422)
                .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                        + "\"code\":\"business-rule\",\"diagnostics\":\"unknown school year\"}]}")));
        BatchRun run = run(sampleCopy(name));
        assertThat(result(run, "R-1010").outcome()).isEqualTo(Outcome.PARKED);
        return run;
    }

    private UUID deliveryIdOf(BatchRun run) {
        return UUID.fromString(jdbc.sql("select delivery_id from batch_record where run_id = ? and record_id = 'R-1010'")
                .param(run.runId()).query(String.class).single());
    }

    private static JsonNode find(JsonNode list, UUID id) {
        for (JsonNode e : list) {
            if (e.get("deliveryId").asText().equals(id.toString())) {
                return e;
            }
        }
        throw new AssertionError("delivery " + id + " not listed");
    }

    private static RecordResult result(BatchRun run, String recordId) {
        return run.results().stream().filter(r -> r.recordId().equals(recordId)).findFirst().orElseThrow();
    }
}
