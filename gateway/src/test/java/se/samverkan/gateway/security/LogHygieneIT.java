package se.samverkan.gateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.LogScan;
import se.samverkan.gateway.support.TestIds;
import se.samverkan.gateway.support.TestTls;

/**
 * The application log of a full run (a batch through every outcome, and the FHIR face used well and badly)
 * holds no identity number: the scan knows the numbers' form and check digit, not just the test's values.
 * Then issue 15's five leak paths (a certificate's serialNumber, an unencoded '|' in a query string, HAPI's
 * echo of request content, an inbox file's name, a recipient's reason, also in the forms "2021 02 04 9000"
 * and "2021-02-04-9000") and its three forging paths (CR/LF in a record identifier, in a JSON resourceType, in
 * a header the gateway logs), scanning the whole log, the reports and every answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneIT extends GatewayIntegrationTest {

    /** What a forged line would begin with: a log line of its own, dated and levelled like ours. */
    private static final String FORGED = "2026-01-01T00:00:00.000Z ERROR 1 --- [main] FORGED";

    @Test
    void aFullRunLogsNoIdentityNumber(CapturedOutput output) throws Exception {
        run(sampleCopy("log-hygiene"));
        String child = TestIds.pnr(LocalDate.of(2020, 9, 9), 431);
        String guardian = TestIds.pnr(LocalDate.of(1988, 1, 9), 432);
        // a Consent that fails the checks (422), one that is stored, a decision, and a bad decision request
        String consent = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                se.samverkan.gateway.fhir.ConsentRegistryIT.consentFor(child, guardian, SCHOOLS[0]));
        for (String body : new String[] {consent, consent.replace("\"status\":\"active\"", "\"status\":\"maybe\"")}) {
            https("bhv").send(HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/Consent"))
                    .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
        for (String id : new String[] {child, child.substring(0, 11) + "0"}) {
            Parameters in = new Parameters();
            in.addParameter("flow", new CodeType("F1"));
            in.addParameter().setName("child").setValue(new Identifier().setSystem(Systems.PERSONNUMMER).setValue(id));
            in.addParameter().setName("source").setValue(new Identifier().setSystem(Systems.HSA_ID)
                    .setValue("SE2321000016-BHV1"));
            in.addParameter().setName("recipient").setValue(new Identifier().setSystem(Systems.SKOLENHETSKOD)
                    .setValue(SCHOOLS[0]));
            try {
                fhirClient("bhv").operation().onServer().named("$consent-decision").withParameters(in).execute();
            } catch (RuntimeException refused) {
                // the second is refused (400): what matters here is what the refusal wrote to the log
            }
        }

        assertThat(output.getAll()).isNotBlank();
        assertThat(LogScan.identityNumbers(output.getAll())).as("identity numbers in the application log").isEmpty();
    }

    @Test
    void theFiveLeakPathsAndTheThreeForgingPathsLeaveNothingInTheLogTheReportsOrTheAnswers(CapturedOutput output)
            throws Exception {
        StringBuilder answers = new StringBuilder();
        String pnr = TestIds.pnr(LocalDate.of(2021, 2, 4), 461);
        String spaced = pnr.substring(0, 4) + " " + pnr.substring(4, 6) + " " + pnr.substring(6, 8) + " "
                + pnr.substring(8);
        String dashed = spaced.replace(' ', '-');

        // leak 1: a certificate whose subject serialNumber is a person's identity number (not a participant)
        answers.append(get(TLS.files().participant(TestTls.PERSONAL_CARD.name()), "/fhir/metadata"));
        // leak 2: an unencoded '|' in a query string, which Tomcat logged whole when it refused the request
        answers.append(raw("GET /fhir/Consent?patient.identifier=" + Systems.PERSONNUMMER + "|" + pnr
                + "&x=\"" + pnr + "\" HTTP/1.1"));
        // leak 3: content HAPI's parser warns about, with the value it found
        answers.append(postFhir("Consent", "{\"resourceType\":\"Consent\",\"status\":\"" + pnr + "\",\"dateTime\":\""
                + spaced + "\",\"nickname\":\"" + dashed + "\"}"));
        // leak 4: an inbox file named by a child's identity number
        Path named = WORK.resolve("inbox").resolve(pnr + ".xml");
        Files.writeString(named, "<not-a-batch>" + pnr + "</not-a-batch>");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(named));
        // leak 5: a recipient refusing with the child's number in its reason, in the forms people type
        EMI.stubFor(post(urlPathEqualTo("/emi/10000002/fhir")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":"
                        + "\"invalid\",\"diagnostics\":\"child " + spaced + " / " + dashed + " / " + pnr
                        + " unknown\\r\\n" + FORGED + " : recipient\"}]}")));
        run(sampleCopy("log-leak-recipient"));

        // forging 1: CR/LF in a Communication's record identifier
        answers.append(postFhir("Communication", "{\"resourceType\":\"Communication\",\"status\":\"completed\","
                + "\"identifier\":[{\"system\":\"" + Systems.RECORD_ID + "\",\"value\":\"SE2321000016-BHV1/R-1\\r\\n"
                + FORGED + " : record\"}],\"category\":[{\"coding\":[{\"system\":\"" + Systems.FLOW
                + "\",\"code\":\"F2\"}]}],\"sender\":{\"type\":\"Organization\",\"identifier\":{\"system\":\""
                + Systems.HSA_ID + "\",\"value\":\"SE2321000016-BHV1\"}},\"recipient\":[{\"type\":\"Organization\","
                + "\"identifier\":{\"system\":\"" + Systems.HSA_ID + "\",\"value\":\"SE2321000016-XXX1\\n" + FORGED
                + " : recipient\"}}]}"));
        // forging 2: CR/LF in a JSON resourceType
        answers.append(postFhir("Consent", "{\"resourceType\":\"Consent\\r\\n" + FORGED + " : type " + pnr
                + "\",\"status\":\"active\"}"));
        // forging 3: CR/LF in a value the gateway logs from a request (an admin call's certificate and path)
        answers.append(raw("GET /admin/outbox?x=%0d%0a" + FORGED.replace(" ", "%20") + " HTTP/1.1"));

        String log = output.getAll();
        StringBuilder reports = new StringBuilder();
        for (String folder : new String[] {"reports", "rejected", "processed"}) {
            if (!Files.isDirectory(WORK.resolve(folder))) {
                continue;
            }
            try (Stream<Path> files = Files.walk(WORK.resolve(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    // the rejected file keeps the name its sender gave it, and so (today) do its report's name and
                    // header: batch/BatchReportWriter's, left to its owner (issue 15's closing note). Every other
                    // report, and the reason file, are scanned
                    String name = file.getFileName().toString();
                    if (!name.endsWith(".xml") && !(name.startsWith(pnr + ".") && name.contains("report"))) {
                        reports.append(Files.readString(file)).append('\n');
                    }
                }
            }
        }
        assertThat(LogScan.identityNumbers(log)).as("identity numbers in the log").isEmpty();
        assertThat(log).doesNotContain(spaced).doesNotContain(dashed);
        assertThat(log.lines()).as("forged log lines").noneMatch(line -> line.startsWith(FORGED));
        assertThat(log).contains("GW-6002").doesNotContain("Invalid character found in the request target");
        assertThat(LogScan.identityNumbers(reports.toString())).as("identity numbers in reports").isEmpty();
        assertThat(reports.toString()).doesNotContain(spaced).doesNotContain(dashed);
        assertThat(LogScan.identityNumbers(answers.toString())).as("identity numbers in answers").isEmpty();
    }

    private String get(Path keystore, String path) throws Exception {
        return https(keystore).send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String postFhir(String type, String json) throws Exception {
        return https("bhv").send(HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/" + type))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A request line written as is: java.net.http would encode what an attacker does not. */
    private String raw(String requestLine) throws Exception {
        try (SSLSocket socket = (SSLSocket) TLS.client(TLS.files().participant("bhv")).getSocketFactory()
                .createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            StringBuilder answer = new StringBuilder();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                answer.append(line).append('\n');
            }
            return answer.toString();
        }
    }
}
