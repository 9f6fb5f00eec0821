package se.samverkan.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;

/** {@code $consent-decision} on the running gateway, through HAPI's generic client. */
class ConsentDecisionIT extends GatewayIntegrationTest {

    static final String BHV = "SE2321000016-BHV1";

    static Parameters ask(String flow, String child, String school, String... categories) {
        Parameters in = new Parameters();
        in.addParameter("flow", new CodeType(flow));
        in.addParameter().setName("child").setValue(new Identifier().setSystem(Systems.PERSONNUMMER).setValue(child));
        in.addParameter().setName("source").setValue(new Identifier().setSystem(Systems.HSA_ID).setValue(BHV));
        in.addParameter().setName("recipient")
                .setValue(new Identifier().setSystem(Systems.SKOLENHETSKOD).setValue(school));
        for (String c : categories) {
            in.addParameter("category", new CodeType(c));
        }
        return in;
    }

    Parameters decide(Parameters in) {
        return fhirClient().operation().onServer().named("$consent-decision").withParameters(in).execute();
    }

    static List<String> values(Parameters out, String name) {
        return out.getParameter().stream().filter(p -> p.getName().equals(name))
                .map(Parameters.ParametersParameterComponent::getValue).map(ConsentDecisionIT::text).toList();
    }

    static String text(Type value) {
        return value instanceof Reference r ? r.getReference() : value.primitiveValue();
    }

    void guardian(IGenericClient client, String child, String guardian) {
        ConsentExamplesIT.guardian(client, child, guardian);
    }

    @Test
    void bothGuardiansConsentingPermitsAndTheAnswerNamesRulesConsentsAndCategories() {
        IGenericClient client = fhirClient();
        String child = TestIds.pnr(LocalDate.of(2020, 6, 1), 961);
        String mother = TestIds.pnr(LocalDate.of(1986, 1, 2), 962);
        String father = TestIds.pnr(LocalDate.of(1986, 1, 3), 963);
        guardian(client, child, mother);
        guardian(client, child, father);
        client.create().resource(ConsentRegistryIT.consentFor(child, mother, "10000001")).execute();
        client.create().resource(ConsentRegistryIT.consentFor(child, father, "10000001")).execute();

        Parameters out = decide(ask("F1", child, "10000001", "immunization", "growth"));

        assertThat(values(out, "decision")).containsExactly("permit");
        assertThat(values(out, "rule")).contains("C2", "C4");
        assertThat(values(out, "consent")).hasSize(2).allMatch(ref -> ref.startsWith("Consent/"));
        assertThat(values(out, "category")).containsExactlyInAnyOrder("immunization", "growth");
        assertThat(values(out, "reason")).singleElement().asString().doesNotContain(child);
    }

    @Test
    void oneGuardianOfTwoDeniesAndTheDecisionIsAuditedForTheChild() {
        IGenericClient client = fhirClient();
        String child = TestIds.pnr(LocalDate.of(2020, 6, 2), 964);
        String mother = TestIds.pnr(LocalDate.of(1986, 1, 4), 965);
        guardian(client, child, mother);
        guardian(client, child, TestIds.pnr(LocalDate.of(1986, 1, 5), 966));
        client.create().resource(ConsentRegistryIT.consentFor(child, mother, "10000001")).execute();

        Parameters out = decide(ask("F1", child, "10000001", "immunization"));

        assertThat(values(out, "decision")).containsExactly("deny");
        assertThat(values(out, "code")).containsExactly("GW-2105");
        assertThat(values(out, "rule")).contains("C1", "C4");
        Bundle audit = client.search().byUrl("AuditEvent?patient.identifier=" + Systems.PERSONNUMMER + "|" + child)
                .returnBundle(Bundle.class).execute();
        assertThat(audit.getEntry()).map(e -> (AuditEvent) e.getResource())
                .anySatisfy(a -> assertThat(a.getOutcomeDesc()).startsWith("deny GW-2105"));
    }

    @Test
    void aReportOfConcernIsPermittedOnItsLegalBasisDespiteARefusal() {
        String child = TestIds.pnr(LocalDate.of(2020, 6, 3), 967);

        Parameters out = decide(ask("F5", child, "10000001", "summary"));

        assertThat(values(out, "decision")).containsExactly("permit");
        assertThat(values(out, "rule")).contains("C8");
        assertThat(values(out, "legalBasis")).singleElement().asString().contains("14 kap. 1");
    }

    @Test
    void anUnknownFlowIsABadRequestNeverAPermit() {
        String child = TestIds.pnr(LocalDate.of(2020, 6, 4), 968);
        assertThatThrownBy(() -> decide(ask("F99", child, "10000001")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("GW-2120");
    }

    @Test
    void anUnknownOrganisationIsABadRequestNeverAPermit() {
        String child = TestIds.pnr(LocalDate.of(2020, 6, 5), 969);
        assertThatThrownBy(() -> decide(ask("F1", child, "99999999")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("GW-4012")
                .hasMessageContaining("recipient");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "without {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"flow", "child", "source", "recipient"})
    void case09_aMissingParameterIsA400NamingItNeverA500(String missing) {
        String child = TestIds.pnr(LocalDate.of(2020, 6, 6), 970);
        Parameters in = ask("F1", child, "10000001", "immunization");
        in.getParameter().removeIf(p -> p.getName().equals(missing));

        assertThatThrownBy(() -> decide(in)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(missing).hasMessageContaining("GW-4015");
    }

    @Test
    void case09_aRepeatedOrWronglyTypedParameterIsA400NamingIt() {
        String child = TestIds.pnr(LocalDate.of(2020, 6, 7), 971);
        Parameters repeated = ask("F1", child, "10000001");
        repeated.addParameter("flow", new CodeType("F2"));
        Parameters wrongType = ask("F1", child, "10000001");
        wrongType.getParameter().removeIf(p -> p.getName().equals("child"));
        wrongType.addParameter("child", new org.hl7.fhir.r4.model.StringType(child));

        assertThatThrownBy(() -> decide(repeated)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("GW-4015 flow");
        assertThatThrownBy(() -> decide(wrongType)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("GW-4015 child");
    }

    @Test
    void case09_anAnonymisedConsultationCanBeAskedWithoutAChild() {
        Parameters in = new Parameters();
        in.addParameter("flow", new CodeType("F6"));
        in.addParameter().setName("source").setValue(new Identifier().setSystem(Systems.HSA_ID).setValue(BHV));
        in.addParameter().setName("recipient")
                .setValue(new Identifier().setSystem(Systems.HSA_ID).setValue("SE2321000016-BUP1"));
        in.addParameter("category", new CodeType("summary"));
        in.addParameter("anonymised", new org.hl7.fhir.r4.model.BooleanType(true));

        Parameters out = decide(in);

        assertThat(values(out, "decision")).containsExactly("permit");
        assertThat(values(out, "code")).containsExactly("GW-2112");
        assertThat(values(out, "obligation")).containsExactly("anonymise");
    }

    @Test
    void case06_anIdentifiedConsultationWithoutConsentAnswersDenyWithTheAnonymisedAlternative() {
        String child = TestIds.pnr(LocalDate.of(2020, 6, 8), 972);
        Parameters in = ask("F6", child, "10000001", "summary");
        in.getParameter().removeIf(p -> p.getName().equals("recipient"));
        in.addParameter().setName("recipient")
                .setValue(new Identifier().setSystem(Systems.HSA_ID).setValue("SE2321000016-BUP1"));

        Parameters out = decide(in);

        assertThat(values(out, "decision")).containsExactly("deny");
        assertThat(values(out, "code")).containsExactly("GW-2115");
        assertThat(values(out, "alternative")).containsExactly("anonymised");
        assertThat(values(out, "obligation")).containsExactly("anonymise");
    }
}
