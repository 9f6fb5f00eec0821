package se.samverkan.gateway.cooperation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.DecisionRequest.CasePhase;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.support.TestIds;

class SubmissionReaderTest {

    static final PersonalIdentityNumber CHILD = TestIds.id(LocalDate.of(2015, 8, 30), 41);
    static final OrganisationId UNIT = OrganisationId.skolenhetskod("10000001");
    static final OrganisationId BUP = OrganisationId.hsaId("SE2321000016-BUP1");
    final SubmissionReader reader = new SubmissionReader(FhirContext.forR4Cached(), new IdentifyingContent());

    private static Communication referral() {
        return Items.text(Items.communication("F2", "R-1", CHILD, UNIT, BUP), "text", DataCategory.MEDICAL);
    }

    private void refused(Communication c, String code, String field) {
        assertThatThrownBy(() -> reader.read(c, Optional.empty()))
                .isInstanceOfSatisfying(SubmissionRefused.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).doesNotContain(CHILD.value());
                });
    }

    @Test
    void readsFlowSenderRecipientsChildPhaseFlagsAndCategories() {
        Communication c = Items.flag(Items.phase(referral(), "voluntary"), "abuse");
        Items.text(c, "more", null);

        Submission s = reader.read(c, Optional.empty());

        assertThat(s.flow()).isEqualTo("F2");
        assertThat(s.sender()).isEqualTo(UNIT);
        assertThat(s.recipients()).containsExactly(BUP);
        assertThat(s.child().orElseThrow().id()).isEqualTo(CHILD);
        assertThat(s.child().orElseThrow().municipality()).isEqualTo("0180");
        assertThat(s.phase()).isEqualTo(CasePhase.VOLUNTARY);
        assertThat(s.flags()).containsExactly("abuse");
        assertThat(s.categories()).containsExactlyInAnyOrder(DataCategory.MEDICAL, DataCategory.SUMMARY);
        assertThat(s.recordKey()).isEqualTo("10000001/R-1");
    }

    @Test
    void protectedIdentityIsReadFromTheContainersLabel() {
        Communication c = referral();
        c.getMeta().addSecurity(new Coding(SubmissionReader.SECURITY_LABELS, "skyddadFolkbokforing", null));

        assertThat(reader.read(c, Optional.empty()).child().orElseThrow().protectedIdentity()).isTrue();
    }

    @Test
    void aReportOfConcernWithoutRecipientGoesToTheIntakeOfTheChildsMunicipality() {
        Communication c = Items.text(Items.communication("F5", "A-1", CHILD, UNIT), "oro", null);

        assertThat(reader.read(c, Optional.empty()).recipients()).containsExactly(OrganisationId.kommunkod("0180"));
    }

    @Test
    void anotherFlowThanF2ToF7IsRefusedAtTheCategory() {
        Communication c = referral();
        c.getCategoryFirstRep().getCodingFirstRep().setCode("F1");
        refused(c, "GW-4201", "Communication.category");
    }

    @Test
    void aRecipientNamedByIdentityNumberIsRefusedAtThatRecipient() {
        Communication c = referral();
        c.addRecipient(new Reference().setIdentifier(new Identifier().setSystem(Systems.PERSONNUMMER)
                .setValue(CHILD.value())));
        refused(c, "GW-4203", "Communication.recipient[1].identifier");
    }

    @Test
    void aChildWithAWrongCheckDigitIsRefusedAtItsIdentifier() {
        Communication c = referral();
        Patient child = (Patient) c.getContained().get(0);
        String value = CHILD.value();
        child.getIdentifierFirstRep().setValue(value.substring(0, 11) + ((value.charAt(11) - '0' + 1) % 10));
        refused(c, "GW-4204", "Communication.subject.identifier");
    }

    @Test
    void noSenderAndNoFallbackIsRefusedAtTheSender() {
        Communication c = referral();
        c.setSender(null);
        refused(c, "GW-4202", "Communication.sender");
    }

    @Test
    void anUnknownDataCategoryIsRefusedAtItsPayload() {
        Communication c = referral();
        c.getPayloadFirstRep().getExtensionByUrl(Systems.DATA_CATEGORY_EXT).setValue(new CodeType("gossip"));
        refused(c, "GW-4207", "Communication.payload[0].extension[data-category]");
    }

    @Test
    void aConsultationMarkedAnonymousWithANameIsRefusedWhereTheNameIs() {
        Communication c = Items.anonymousConsultation("K-1", UNIT, BUP);
        ((Patient) c.getContained().get(0)).addName().setFamily(Items.SURNAME);

        assertThatThrownBy(() -> reader.read(c, Optional.empty()))
                .isInstanceOfSatisfying(SubmissionRefused.class, e -> {
                    assertThat(e.code()).isEqualTo("GW-4205");
                    assertThat(e.field()).contains("name");
                    assertThat(e.getMessage()).doesNotContain(Items.SURNAME);
                });
    }

    @Test
    void aSipGoesToEveryPrincipalInTheTeamAndEveryResponsiblePrincipalButTheSender() {
        OrganisationId social = OrganisationId.hsaId("SE2120000142-SOC1");
        var plan = Items.sip("P-1", CHILD, UNIT, BUP, social);

        Submission s = reader.read(plan, Optional.empty());

        assertThat(s.flow()).isEqualTo("F7");
        assertThat(s.recipients()).containsExactlyInAnyOrder(BUP, social);
        assertThat(s.planKey()).isEqualTo("10000001/P-1");
    }
}
