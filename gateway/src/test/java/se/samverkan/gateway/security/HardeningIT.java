package se.samverkan.gateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.awaitility.Awaitility;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.fhir.ConsentRegistryIT;
import se.samverkan.gateway.security.signature.PayloadSigner;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestCrls;
import se.samverkan.gateway.support.TestIds;
import se.samverkan.gateway.support.TestTls;

/**
 * Issue 15's attacks with a valid participant certificate, on the real server over mutual TLS: bodies that
 * expand, elements that would fill the registry, a recipient answering with a bomb, an unsigned body from a
 * participant that must sign, and a CRL replaced while the gateway runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class HardeningIT extends GatewayIntegrationTest {

    /** The sample batch sends R-1010 to this school only (OutboxFaultsIT). */
    private static final String SCHOOL = "/emi/10000002/fhir";

    private HttpResponse<String> postFhir(String participant, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/" + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("Content-Type", "application/fhir+json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return https(participant).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] compressed(String encoding, byte[] plain, long zeros) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream zip = encoding.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            zip.write(plain);
            byte[] block = new byte[1 << 16];
            for (long left = zeros; left > 0; left -= block.length) {
                zip.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return out.toByteArray();
    }

    private static Consent consent(int serial) {
        return ConsentRegistryIT.consentFor(TestIds.pnr(LocalDate.of(2020, 5, 5), serial),
                TestIds.pnr(LocalDate.of(1985, 5, 5), serial), SCHOOLS[0]);
    }

    private static byte[] json(Consent consent) {
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(consent)
                .getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate"})
    void aCompressedBodyIsCountedDecompressedAndABombIsRefusedWith413(String encoding) throws Exception {
        // 50 MB of zeros behind a Consent: about 50 KB on the wire, fifty times the 1 MB allowed here
        byte[] bomb = compressed(encoding, json(consent(801)), 50L << 20);
        assertThat(bomb.length).isLessThan(1 << 20);

        HttpResponse<String> response = postFhir("bhv", "Consent", bomb, "Content-Encoding", encoding);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("GW-6006").contains("decompressed");
    }

    @Test
    void aCompressedBodyWithinTheLimitIsTakenAsIfItWerePlain() throws Exception {
        byte[] gzip = compressed("gzip", json(consent(802)), 0);

        HttpResponse<String> response = postFhir("bhv", "Consent", gzip, "Content-Encoding", "gzip");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void anUnknownContentEncodingIsRefused() throws Exception {
        HttpResponse<String> response = postFhir("bhv", "Consent", json(consent(803)), "Content-Encoding", "br");

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void aConsentWithAnOversizedElementIsRefusedNamingTheElement() throws Exception {
        Consent consent = consent(804);
        consent.setSource(new Attachment().setTitle("x".repeat(200_000)));

        HttpResponse<String> response = postFhir("bhv", "Consent", json(consent));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("GW-6008").contains("Consent.sourceAttachment.title");
    }

    @Test
    void aRelatedPersonWithAnOversizedElementIsRefusedNamingTheElement() throws Exception {
        byte[] body = ("{\"resourceType\":\"RelatedPerson\",\"name\":[{\"family\":\"A\"},{\"text\":\""
                + "y".repeat(100_000) + "\"}]}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postFhir("bhv", "RelatedPerson", body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("GW-6008").contains("RelatedPerson.name[1].text");
    }

    @Test
    void anOversizedElementInXmlIsRefusedToo() throws Exception {
        byte[] body = ("<RelatedPerson xmlns=\"http://hl7.org/fhir\"><name><text value=\"" + "z".repeat(100_000)
                + "\"/></name></RelatedPerson>").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = https("bhv").send(HttpRequest.newBuilder(
                URI.create(baseUrl() + "/fhir/RelatedPerson")).header("Content-Type", "application/fhir+xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("GW-6008").contains("RelatedPerson.name.text");
    }

    @Test
    void anUnsignedBodyFromAParticipantThatMustSignIsRefused() throws Exception {
        byte[] body = json(consent(805));

        HttpResponse<String> unsigned = postFhir(TestTls.SIGNS_ALWAYS.name(), "Consent", body);
        PayloadSigner signer = PayloadSigner.fromPkcs12(TLS.files().participant(TestTls.SIGNS_ALWAYS.name()),
                TestTls.PASSWORD.toCharArray());
        HttpResponse<String> signed = postFhir(TestTls.SIGNS_ALWAYS.name(), "Consent", body,
                PayloadSigner.HEADER, signer.header(body));
        HttpResponse<String> otherParticipant = postFhir("bhv", "Consent", json(consent(806)));

        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("GW-6009");
        assertThat(signed.body()).doesNotContain("GW-6009");
        assertThat(otherParticipant.statusCode()).isEqualTo(201);
    }

    @Test
    void aRecipientAnsweringWithAGzipBombParksTheDeliveryWithItsStatus() throws Exception {
        byte[] bomb = compressed("gzip", "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"diagnostics\":\"".getBytes(
                StandardCharsets.UTF_8), 64L << 20);
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/fhir+json").withHeader("Content-Encoding", "gzip")
                .withBody(bomb)));

        BatchRun run = run(sampleCopy("recipient-bomb"));

        RecordResult r1010 = run.results().stream().filter(r -> r.recordId().equals("R-1010")).findFirst()
                .orElseThrow();
        assertThat(r1010.outcome()).isEqualTo(Outcome.PARKED);
        assertThat(r1010.code()).isEqualTo("GW-3002");
        assertThat(r1010.reason()).contains("HTTP 422").contains("compressed");
        assertThat(outbox.entries(Outbox.Status.PARKED, 10_000)).anySatisfy(e -> {
            assertThat(e.recordId()).isEqualTo("R-1010");
            assertThat(e.inFlight()).isFalse();
        });
    }

    @Test
    void aRecipientsHugeAnswerIsReadOnlyAsFarAsTheLimit() throws Exception {
        EMI.stubFor(post(urlPathEqualTo(SCHOOL)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "text/plain").withBody("no. ".repeat(300_000))));

        BatchRun run = run(sampleCopy("recipient-huge"));

        RecordResult r1010 = run.results().stream().filter(r -> r.recordId().equals("R-1010")).findFirst()
                .orElseThrow();
        assertThat(r1010.outcome()).isEqualTo(Outcome.PARKED);
        assertThat(r1010.reason()).contains("HTTP 422").hasSizeLessThan(1_000);
    }

    @Test
    void aCrlReplacedWhileRunningRevokesWithoutARestartAndTheOldOneComesBackTheSameWay(CapturedOutput output)
            throws Exception {
        Path crl = TLS.files().issuingCaCrl();
        byte[] original = Files.readAllBytes(crl);
        Path card = TLS.files().participant(TestTls.UNREGISTERED.name());
        // a fresh client per probe: the JDK's client would otherwise reuse a connection made before the change
        assertThat(metadata(card)).isEqualTo(403);
        try {
            Instant now = Instant.now();
            TestCrls.replace(crl, TestCrls.issuing(TLS.files(), now, now.plus(Duration.ofDays(7)), List.of(card)));

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> metadata(card)).isInstanceOf(IOException.class));
        } finally {
            TestCrls.replace(crl, original);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metadataOrHandshakeFailure(card) == 403);
        // the refused handshake is in the log, with where it came from and why
        assertThat(output.getAll()).contains("CRLs reloaded").contains("Handshake failed for client connection")
                .contains("revoked");
    }

    @Test
    void anOperatorSeesTheStateOfTheCrlsAndAParticipantDoesNot() throws Exception {
        HttpResponse<String> operator = https(TLS.files().participant(TestTls.OPERATOR.name())).send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/revocation")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> participant = https("bhv").send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/revocation")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.body()).contains("\"status\":\"CURRENT\"").contains("nextUpdate")
                .contains("Samverkan Gateway Development PKI");
        assertThat(participant.statusCode()).isEqualTo(403);
    }

    @Test
    void theFoldersOfProcessedFilesAndReportsAreTheGatewaysUsersOnly() throws Exception {
        for (String folder : new String[] {"processed", "rejected", "reports"}) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(WORK.resolve(folder)))).as(folder).isEqualTo("rwx------");
        }
    }

    private int metadata(Path keystore) throws IOException, InterruptedException {
        HttpClient fresh = HttpClient.newBuilder().sslContext(TLS.client(keystore)).build();
        return fresh.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/metadata"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int metadataOrHandshakeFailure(Path keystore) throws InterruptedException {
        try {
            return metadata(keystore);
        } catch (IOException e) {
            return -1;
        }
    }
}
