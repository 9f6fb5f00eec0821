package se.samverkan.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
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

/**
 * The application log of a full run (a batch through every outcome, and the FHIR face used well and badly)
 * holds no identity number: the scan knows the numbers' form and check digit, not just the test's values.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneIT extends GatewayIntegrationTest {

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
}
