package se.samverkan.gateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.fhir.ConsentRegistryIT;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.security.pki.DevelopmentPki;
import se.samverkan.gateway.security.signature.PayloadSigner;
import se.samverkan.gateway.security.signature.PayloadVerifier;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;
import se.samverkan.gateway.support.TestTls;

/**
 * The trust boundary on the real server (random port, the secure default configuration, a PKI made by the
 * test): who gets through the handshake, who gets a 403 after it, and what no one may send.
 */
class MutualTlsIT extends GatewayIntegrationTest {

    private static final String SCHOOL = "SE2120000001-SKOLA1";

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bhv", "school", "bup", "social-services"})
    void aRegisteredParticipantWithACertificateFromTheTrustedIssuerIsServed(String participant) throws Exception {
        HttpResponse<String> response = get(https(participant), "/fhir/metadata");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("CapabilityStatement");
    }

    @Test
    void aClientWithoutACertificateIsRefusedAtTheHandshake() {
        HttpClient anonymous = HttpClient.newBuilder().sslContext(TLS.anonymousClient()).build();

        assertThatThrownBy(() -> get(anonymous, "/fhir/metadata")).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateFromAnUntrustedIssuerIsRefusedAtTheHandshakeEvenWithARegisteredHsaId() {
        // the stranger PKI's BHV certificate carries the registered BHV unit's HSA-id: only its issuer is wrong
        HttpClient stranger = HttpClient.newBuilder().sslContext(TLS.client(TLS.stranger().participant("bhv")))
                .build();

        assertThatThrownBy(() -> get(stranger, "/fhir/metadata")).isInstanceOf(IOException.class);
    }

    @Test
    void anExpiredCertificateIsRefusedAtTheHandshake() {
        assertThatThrownBy(() -> get(https(TLS.files().expired()), "/fhir/metadata"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aRevokedCertificateIsRefusedAtTheHandshake() {
        assertThatThrownBy(() -> get(https(TLS.files().revoked()), "/fhir/metadata"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aValidCertificateOfASystemThatIsNotARegisteredParticipantGets403() throws Exception {
        HttpResponse<String> response = get(https(TLS.files().participant(TestTls.UNREGISTERED.name())),
                "/fhir/metadata");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("GW-6002").contains("OperationOutcome");
    }

    @Test
    void theGatewaysOwnClientCertificateIsNoParticipantOfItsFhirFace() throws Exception {
        HttpResponse<String> response = get(https(TLS.files().gatewayClient()), "/fhir/metadata");

        assertThat(response.statusCode()).isEqualTo(403);
    }

    private static Parameters ask(String flow, String source) {
        Parameters in = new Parameters();
        in.addParameter("flow", new CodeType(flow));
        in.addParameter().setName("child").setValue(new Identifier().setSystem(Systems.PERSONNUMMER)
                .setValue(TestIds.pnr(LocalDate.of(2020, 2, 2), 612)));
        in.addParameter().setName("source").setValue(new Identifier().setSystem(Systems.HSA_ID).setValue(source));
        in.addParameter().setName("recipient")
                .setValue(new Identifier().setSystem(Systems.SKOLENHETSKOD).setValue(SCHOOLS[0]));
        return in;
    }

    @Test
    void aParticipantAskingAboutAFlowItsKindMayNotSendGets403() {
        // F1 is sent by BHV units only (flows.yml senders); the school asks as itself
        assertThatThrownBy(() -> fhirClient("school").operation().onServer().named("$consent-decision")
                .withParameters(ask("F1", SCHOOL)).execute())
                .isInstanceOf(ForbiddenOperationException.class)
                .hasMessageContaining("GW-6004");
    }

    @Test
    void aParticipantAskingInAnotherOrganisationsNameGets403() {
        assertThatThrownBy(() -> fhirClient("school").operation().onServer().named("$consent-decision")
                .withParameters(ask("F1", "SE2321000016-BHV1")).execute())
                .isInstanceOf(ForbiddenOperationException.class)
                .hasMessageContaining("GW-6003");
    }

    @Test
    void aParticipantAskingAboutItsOwnFlowIsAnswered() {
        Parameters out = fhirClient("bhv").operation().onServer().named("$consent-decision")
                .withParameters(ask("F1", "SE2321000016-BHV1")).execute();

        assertThat(out.getParameter("decision")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CamelHttpUri", "CamelExecCommandExecutable", "camelfilename"})
    void aCamelHeaderFromOutsideIsRefused(String header) throws Exception {
        HttpResponse<String> response = https("bhv").send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/fhir/metadata")).header(header, "/bin/sh").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("GW-6005");
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedWith413() throws Exception {
        byte[] body = new byte[1024 * 1024 + 1];

        HttpResponse<String> response = https("bhv").send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/fhir/Consent")).header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("GW-6006");
    }

    @Test
    void aStreamedBodyThatGrowsPastTheLimitIsRefusedWith413() throws Exception {
        byte[] body = new byte[1024 * 1024 + 1];

        // no Content-Length: chunked, so only counting while reading can catch it
        HttpResponse<String> response = https("bhv").send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/fhir/Consent")).header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    private HttpResponse<String> postConsent(String participant, byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/Consent"))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(PayloadSigner.HEADER, signature);
        }
        return https(participant).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] consent(int serial) {
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(ConsentRegistryIT.consentFor(
                TestIds.pnr(LocalDate.of(2020, 3, 3), serial), TestIds.pnr(LocalDate.of(1986, 3, 3), serial),
                SCHOOLS[0])).getBytes(StandardCharsets.UTF_8);
    }

    private static PayloadSigner signerOf(String participant) throws Exception {
        return PayloadSigner.fromPkcs12(TLS.files().participant(participant), TestTls.PASSWORD.toCharArray());
    }

    @Test
    void aPayloadSignedByTheCallingParticipantIsAccepted() throws Exception {
        byte[] body = consent(701);

        HttpResponse<String> response = postConsent("bhv", body, signerOf("bhv").header(body));

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void aTamperedSignedPayloadIsRefused() throws Exception {
        byte[] body = consent(702);
        String signature = signerOf("bhv").header(body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"active\"", "\"inactive\"")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postConsent("bhv", tampered, signature);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("GW-6102");
    }

    @Test
    void aPayloadSignedByAnotherOrganisationThanTheCallerIsRefused() throws Exception {
        byte[] body = consent(703);

        HttpResponse<String> response = postConsent("bhv", body, signerOf("school").header(body));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("GW-6104");
    }

    @Test
    void aPayloadSignedWithARevokedCertificateIsRefused() throws Exception {
        byte[] body = consent(704);
        PayloadSigner revoked = PayloadSigner.fromPkcs12(TLS.files().revoked(), TestTls.PASSWORD.toCharArray());

        HttpResponse<String> response = postConsent("bhv", body, revoked.header(body));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("GW-6103");
    }

    @Test
    void everyDeliveredBundleCarriesTheGatewaysSignatureOverTheExactBytesSent() throws Exception {
        BatchRun run = run(sampleCopy("signed-delivery"));
        PayloadVerifier verifier = PayloadVerifier.fromFiles(TLS.files().truststore(),
                TestTls.PASSWORD.toCharArray(), List.of(TLS.files().issuingCaCrl(), TLS.files().rootCaCrl()),
                Clock.systemUTC());

        List<LoggedRequest> received = EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir")));
        assertThat(received).hasSize((int) run.results().stream().filter(r -> r.outcome() == Outcome.DELIVERED)
                .count()).isNotEmpty();
        for (LoggedRequest request : received) {
            PayloadVerifier.Verified signer = verifier.verify(request.getBody(),
                    request.getHeader(PayloadSigner.HEADER));
            assertThat(signer.serialNumber()).isEqualTo(DevelopmentPki.GATEWAY_ID);
        }
    }

    @Test
    void aDeliveryToAFolderLeavesTheSignatureBesideTheBundle() throws Exception {
        BatchRun run = run(sampleCopy("signed-folder", Map.of(SCHOOLS[0], FOLDER_SCHOOL)));
        PayloadVerifier verifier = PayloadVerifier.fromFiles(TLS.files().truststore(),
                TestTls.PASSWORD.toCharArray(), List.of(TLS.files().issuingCaCrl(), TLS.files().rootCaCrl()),
                Clock.systemUTC());

        RecordResult first = run.results().stream().filter(r -> r.recordId().equals("R-1001")).findFirst()
                .orElseThrow();
        assertThat(first.outcome()).isEqualTo(Outcome.DELIVERED);
        Path outbox = WORK.resolve("outbox").resolve(FOLDER_SCHOOL);
        try (var files = Files.list(outbox)) {
            List<Path> bundles = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(bundles).isNotEmpty();
            for (Path bundle : bundles) {
                byte[] signature = Files.readAllBytes(Path.of(bundle + PayloadSigner.SIDECAR_SUFFIX));
                assertThat(verifier.verify(Files.readAllBytes(bundle), signature).serialNumber())
                        .isEqualTo(DevelopmentPki.GATEWAY_ID);
            }
        }
    }

    @Autowired
    OutboundFhirClients outbound;

    @Test
    void theOutboundFhirClientReachesARecipientThatRequiresTheGatewaysCertificate() {
        EMI.stubFor(WireMock.get(urlPathMatching("/emi/.*/fhir/metadata")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"kind\":\"instance\","
                        + "\"fhirVersion\":\"4.0.1\",\"format\":[\"json\"]}")));

        CapabilityStatement statement = outbound.client("https://localhost:" + EMI.httpsPort() + "/emi/"
                + SCHOOLS[0] + "/fhir").capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
    }

    @Test
    void theOutboundFhirClientRefusesARecipientWithAnUntrustedCertificate() {
        assertThatThrownBy(() -> outbound.client("https://localhost:" + UNTRUSTED_EMI.httpsPort() + "/emi/"
                + UNTRUSTED_SCHOOL + "/fhir").capabilities().ofType(CapabilityStatement.class).execute())
                .hasStackTraceContaining("SSLHandshakeException");
        assertThat(UNTRUSTED_EMI.getAllServeEvents()).isEmpty();
    }

    @Test
    void deliveriesGoOverMutualTlsToARecipientThatRequiresTheGatewaysCertificate() {
        // the EMI stand-in refuses any client without a certificate from the trusted issuer (needClientAuth)
        BatchRun run = run(sampleCopy("mtls-delivery"));

        assertThat(run.results()).filteredOn(r -> r.outcome() == Outcome.DELIVERED).isNotEmpty();
        EMI.verify((int) run.results().stream().filter(r -> r.outcome() == Outcome.DELIVERED).count(),
                postRequestedFor(urlPathMatching("/emi/.*/fhir")));
    }

    @Test
    void aRecipientWhoseCertificateTheGatewayDoesNotTrustGetsNothing() {
        Path file = sampleCopy("untrusted-recipient", Map.of(SCHOOLS[0], UNTRUSTED_SCHOOL));

        BatchRun run = run(file);

        RecordResult first = run.results().stream().filter(r -> r.recordId().equals("R-1001")).findFirst()
                .orElseThrow();
        assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(first.reason()).contains("SSLHandshakeException");
        assertThat(UNTRUSTED_EMI.getAllServeEvents()).isEmpty();
    }
}
