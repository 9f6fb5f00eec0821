package se.samverkan.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;

/** The consent registry's FHIR face, driven through HAPI's generic client against the running app. */
public class ConsentRegistryIT extends GatewayIntegrationTest {

    public static Consent consentFor(String child, String guardian, String recipientSchool) {
        Consent c = new Consent();
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
                "patient-privacy", null)));
        c.addCategory(new CodeableConcept(new Coding(Systems.LOINC, "59284-0", null)));
        c.setPatient(new Reference().setIdentifier(new Identifier().setSystem(Systems.PERSONNUMMER).setValue(child)));
        c.setDateTimeElement(new DateTimeType("2026-05-10"));
        c.addPerformer(new Reference().setType("RelatedPerson")
                .setIdentifier(new Identifier().setSystem(Systems.PERSONNUMMER).setValue(guardian)));
        c.setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
        c.getProvision().setType(Consent.ConsentProvisionType.PERMIT).addActor()
                .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                        "IRCP", null)))
                .setReference(new Reference().setIdentifier(new Identifier().setSystem(Systems.SKOLENHETSKOD)
                        .setValue(recipientSchool)));
        return c;
    }

    @Test
    void theCapabilityStatementListsTheRegistryResources() {
        CapabilityStatement cs = fhirClient().capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(cs.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .contains("Consent", "RelatedPerson", "AuditEvent");
    }

    @Test
    void aConsentIsCreatedReadUpdatedAndKeepsItsHistory() {
        IGenericClient client = fhirClient();
        String child = TestIds.pnr(LocalDate.of(2020, 1, 15), 931);
        String guardian = TestIds.pnr(LocalDate.of(1984, 6, 1), 932);

        MethodOutcome created = client.create().resource(consentFor(child, guardian, "10000001")).execute();
        IIdType id = created.getId().toUnqualifiedVersionless();
        Consent read = client.read().resource(Consent.class).withId(id).execute();
        read.getProvision().setPeriod(new Period().setEndElement(new DateTimeType("2027-12-31")));
        client.update().resource(read).execute();

        Consent current = client.read().resource(Consent.class).withId(id).execute();
        assertThat(current.getMeta().getVersionId()).isEqualTo("2");
        assertThat(current.getProvision().getPeriod().getEndElement().getValueAsString()).isEqualTo("2027-12-31");
        Consent first = client.read().resource(Consent.class).withId(id.withVersion("1")).execute();
        assertThat(first.getProvision().hasPeriod()).isFalse();
        Bundle history = client.history().onInstance(id).returnBundle(Bundle.class).execute();
        assertThat(history.getEntry()).hasSize(2);
    }

    @Test
    void consentsAreFoundByChildStatusAndRecipient() {
        IGenericClient client = fhirClient();
        String child = TestIds.pnr(LocalDate.of(2020, 2, 16), 933);
        String other = TestIds.pnr(LocalDate.of(2020, 2, 17), 934);
        String guardian = TestIds.pnr(LocalDate.of(1984, 6, 2), 935);
        client.create().resource(consentFor(child, guardian, "10000001")).execute();
        client.create().resource(consentFor(child, guardian, "10000002")).execute();
        client.create().resource(consentFor(other, guardian, "10000001")).execute();

        Bundle byChild = client.search().forResource(Consent.class)
                .where(Consent.PATIENT.hasChainedProperty(Consent.IDENTIFIER.exactly()
                        .systemAndIdentifier(Systems.PERSONNUMMER, child)))
                .returnBundle(Bundle.class).execute();
        Bundle byChildAndRecipient = client.search().byUrl("Consent?patient.identifier=" + Systems.PERSONNUMMER
                        + "|" + child + "&status=active&recipient=" + Systems.SKOLENHETSKOD + "|10000002")
                .returnBundle(Bundle.class).execute();

        assertThat(byChild.getEntry()).hasSize(2);
        assertThat(byChildAndRecipient.getEntry()).hasSize(1);
    }

    @Test
    void withdrawalMakesTheConsentInactiveAsANewVersion() {
        IGenericClient client = fhirClient();
        String child = TestIds.pnr(LocalDate.of(2020, 3, 18), 936);
        IIdType id = client.create().resource(consentFor(child, TestIds.pnr(LocalDate.of(1984, 6, 3), 937), "10000001"))
                .execute().getId().toUnqualifiedVersionless();

        client.operation().onInstance(id).named("$withdraw").withNoParameters(Parameters.class).execute();

        Consent now = client.read().resource(Consent.class).withId(id).execute();
        assertThat(now.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(now.getMeta().getVersionId()).isEqualTo("2");
        Bundle inactive = client.search().byUrl("Consent?patient.identifier=" + Systems.PERSONNUMMER + "|" + child
                + "&status=inactive").returnBundle(Bundle.class).execute();
        assertThat(inactive.getEntry()).hasSize(1);
    }

    @Test
    void guardiansWithCustodyAreKeptAsRelatedPersons() {
        IGenericClient client = fhirClient();
        String child = TestIds.pnr(LocalDate.of(2020, 4, 19), 938);
        RelatedPerson guardian = new RelatedPerson();
        guardian.addIdentifier().setSystem(Systems.PERSONNUMMER).setValue(TestIds.pnr(LocalDate.of(1983, 1, 1), 939));
        guardian.setPatient(new Reference().setIdentifier(new Identifier().setSystem(Systems.PERSONNUMMER).setValue(child)));
        guardian.addRelationship(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                "GUARD", null)));
        guardian.setActive(true);
        client.create().resource(guardian).execute();

        Bundle found = client.search().byUrl("RelatedPerson?patient.identifier=" + Systems.PERSONNUMMER + "|" + child)
                .returnBundle(Bundle.class).execute();
        assertThat(found.getEntry()).hasSize(1);
        assertThat(((RelatedPerson) found.getEntryFirstRep().getResource()).getActive()).isTrue();
    }

    @Test
    void aConsentWithoutAChildIsRefusedNamingTheElement() {
        Consent c = consentFor(TestIds.pnr(LocalDate.of(2020, 5, 1), 940), TestIds.pnr(LocalDate.of(1984, 6, 4), 941),
                "10000001");
        c.setPatient(null);
        assertRefused(c, "Consent.patient");
    }

    @Test
    void aConsentWithoutStatusIsRefusedNamingTheElement() {
        Consent c = consentFor(TestIds.pnr(LocalDate.of(2020, 5, 2), 942), TestIds.pnr(LocalDate.of(1984, 6, 5), 943),
                "10000001");
        c.setStatus(null);
        assertRefused(c, "Consent.status");
    }

    @Test
    void aConsentWithAnUnknownStatusCodeIsRefusedNamingTheElement() throws Exception {
        Consent c = consentFor(TestIds.pnr(LocalDate.of(2020, 5, 5), 948), TestIds.pnr(LocalDate.of(1984, 6, 8), 949),
                "10000001");
        String json = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(c)
                .replace("\"status\":\"active\"", "\"status\":\"maybe\"");
        java.net.http.HttpResponse<String> response = https("school").send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/fhir/Consent"))
                        .header("Content-Type", "application/fhir+json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("OperationOutcome").contains("Consent.status");
    }

    @Test
    void aProvisionPeriodEndingBeforeItStartsIsRefused() {
        Consent c = consentFor(TestIds.pnr(LocalDate.of(2020, 5, 3), 944), TestIds.pnr(LocalDate.of(1984, 6, 6), 945),
                "10000001");
        c.getProvision().setPeriod(new Period().setStartElement(new DateTimeType("2026-06-01"))
                .setEndElement(new DateTimeType("2026-01-01")));
        assertRefused(c, "Consent.provision.period");
    }

    @Test
    void aPerformerThatIsNotAPersonIsRefused() {
        Consent c = consentFor(TestIds.pnr(LocalDate.of(2020, 5, 4), 946), TestIds.pnr(LocalDate.of(1984, 6, 7), 947),
                "10000001");
        c.setPerformer(List.of(new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(Systems.HSA_ID).setValue("SE2321000016-BHV1"))));
        assertRefused(c, "Consent.performer[0]");
    }

    private void assertRefused(Consent consent, String element) {
        assertThatThrownBy(() -> fhirClient().create().resource(consent).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
                    OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
                    assertThat(outcome.getIssueFirstRep().getExpression()).extracting(Object::toString)
                            .contains(element);
                });
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> bodiesThatAreNotFhir() {
        byte[] badUtf8 = "{\"resourceType\":\"Consent\",\"status\":\"act\u00ffive\"}"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String deep = "{\"resourceType\":\"Consent\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("plain text", "this is not FHIR".getBytes()),
                org.junit.jupiter.params.provider.Arguments.of("truncated JSON", "{\"resourceType\":\"Cons".getBytes()),
                org.junit.jupiter.params.provider.Arguments.of("another resource type",
                        "{\"resourceType\":\"Patient\",\"active\":true}".getBytes()),
                org.junit.jupiter.params.provider.Arguments.of("invalid UTF-8", badUtf8),
                org.junit.jupiter.params.provider.Arguments.of("100,000 levels of nesting", deep.getBytes()));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("bodiesThatAreNotFhir")
    @org.junit.jupiter.api.Timeout(20)
    void aBodyThatIsNotAConsentIsRefusedWithAReasonAndTheFaceGoesOn(String what, byte[] body) throws Exception {
        java.net.http.HttpResponse<String> response = https("school").send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/fhir/Consent"))
                        .header("Content-Type", "application/fhir+json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(what).isBetween(400, 422);
        assertThat(response.body()).as(what).contains("OperationOutcome");
        assertThat(fhirClient("school").capabilities().ofType(CapabilityStatement.class).execute()).isNotNull();
    }
}
