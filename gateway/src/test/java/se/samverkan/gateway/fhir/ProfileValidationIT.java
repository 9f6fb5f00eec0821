package se.samverkan.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.MethodOutcome;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;

/** The published profiles on the FHIR face: named in the CapabilityStatement, usable through $validate. */
class ProfileValidationIT extends GatewayIntegrationTest {

    static Patient child() {
        Patient p = new Patient();
        p.getMeta().addProfile(Profiles.PATIENT);
        p.addIdentifier().setSystem(Systems.PERSONNUMMER).setValue(TestIds.pnr(LocalDate.of(2021, 3, 3), 971));
        p.addName().setFamily("Exempelsson").addGiven("Alva");
        p.setGender(Enumerations.AdministrativeGender.FEMALE);
        p.getBirthDateElement().setValueAsString("2021-03-03");
        p.addExtension(Systems.REGISTRATION_MUNICIPALITY_EXT, new Coding(Systems.KOMMUNKOD, "0180", null));
        return p;
    }

    @Test
    void theCapabilityStatementNamesTheProfilesOfTheTypesItServes() {
        CapabilityStatement cs = fhirClient().capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(cs.getRestFirstRep().getResource())
                .filteredOn(r -> r.getType().equals("Consent"))
                .singleElement()
                .satisfies(r -> assertThat(r.getSupportedProfile()).extracting(c -> c.getValue())
                        .contains(Profiles.CONSENT));
        assertThat(cs.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .contains("Patient", "Communication", "Observation", "Immunization", "CarePlan");
    }

    @Test
    void aConformingChildPatientValidates() {
        MethodOutcome outcome = fhirClient().validate().resource(child()).execute();
        OperationOutcome oo = (OperationOutcome) outcome.getOperationOutcome();
        assertThat(oo.getIssue()).noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
    }

    @Test
    void aChildPatientWithoutAnIdentityNumberFailsValidationNamingWhy() {
        Patient broken = child();
        broken.getIdentifier().clear();

        MethodOutcome outcome = fhirClient().validate().resource(broken).execute();

        OperationOutcome oo = (OperationOutcome) outcome.getOperationOutcome();
        assertThat(oo.getIssue()).anySatisfy(i -> {
            assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(i.getDiagnostics() + i.getExpression()).containsIgnoringCase("identifier");
        });
    }

    @Test
    void validateSeesAnUnknownCodeThatAParserWouldDrop() throws Exception {
        String json = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                ConsentRegistryIT.consentFor(TestIds.pnr(LocalDate.of(2021, 3, 4), 972),
                        TestIds.pnr(LocalDate.of(1985, 3, 4), 973), "10000001"))
                .replace("\"status\":\"active\"", "\"status\":\"maybe\"");

        java.net.http.HttpResponse<String> response = https("bhv").send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/fhir/Consent/$validate"))
                        .header("Content-Type", "application/fhir+json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).contains("\"severity\":\"error\"").contains("maybe");
    }
}
