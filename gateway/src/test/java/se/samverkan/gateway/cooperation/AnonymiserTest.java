package se.samverkan.gateway.cooperation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samverkan.gateway.cooperation.Consultations.json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.fhir.Systems;

/**
 * The proof of rule C7 on the maximal identified consultation: the detector sees every planted item in the
 * input and nothing in the output, no planted string survives in the output's JSON, the output conforms to
 * samverkan-anonymous-consultation, and the input is left as it was.
 */
class AnonymiserTest {

    private final Anonymiser anonymiser = new Anonymiser();
    private final IdentifyingContent identifying = new IdentifyingContent();

    @Test
    void theDetectorFindsEveryPlantedItemInTheIdentifiedConsultationAndNothingElse() {
        Consultations.Planted maximal = Consultations.maximal();
        assertThat(identifying.find(maximal.consultation()))
                .containsExactlyInAnyOrderElementsOf(maximal.expected());
    }

    @Test
    void theDetectorFindsNothingInTheAnonymisedConsultation() {
        assertThat(identifying.find(anonymiser.anonymise(Consultations.maximal().consultation()))).isEmpty();
    }

    @Test
    void noPlantedStringSurvivesAnywhereInTheAnonymisedJson() {
        String out = json(anonymiser.anonymise(Consultations.maximal().consultation()));
        assertThat(Consultations.survivors(out, Consultations.forbidden())).isEmpty();
    }

    @Test
    void everyStringTheJsonCheckLooksForWasPlantedInTheInput() {
        Communication in = Consultations.maximal().consultation();
        String attachment = new String(in.getPayload().get(2).getContentAttachment().getData(), StandardCharsets.UTF_8);
        Map<String, String> written = Consultations.written();
        assertThat(Consultations.survivors(json(in) + attachment, written)).containsExactlyElementsOf(written.keySet());
    }

    @Test
    void theAnonymisedConsultationConformsToTheAnonymousProfile() {
        Communication out = anonymiser.anonymise(Consultations.maximal().consultation());
        assertThat(Consultations.profileErrors(out)).isEmpty();
        assertThat(out.getMeta().getProfile()).singleElement()
                .satisfies(p -> assertThat(p.getValue()).isEqualTo(Anonymiser.PROFILE));
    }

    @Test
    void theIdentifiedConsultationIsLeftUntouched() {
        Communication in = Consultations.maximal().consultation();
        Communication before = in.copy();
        String json = json(in);
        anonymiser.anonymise(in);
        assertThat(json(in)).isEqualTo(json);
        assertThat(in.equalsDeep(before)).isTrue();
    }

    @Test
    void keepsTheQuestionTheFlowTheOrganisationsAndTheChildsGenderAndBirthYear() {
        Communication out = anonymiser.anonymise(Consultations.maximal().consultation());
        assertThat(out.getStatus()).isEqualTo(Communication.CommunicationStatus.COMPLETED);
        assertThat(out.getCategory()).singleElement().satisfies(cc -> assertThat(cc.getCoding()).singleElement()
                .satisfies(c -> assertThat(c.getSystem() + "|" + c.getCode()).isEqualTo(Systems.FLOW + "|F6")));
        assertThat(out.getSentElement().getValueAsString()).isEqualTo("2026-11-23");
        assertThat(out.getSender().getIdentifier().getValue()).isEqualTo("SE2321000016-EMI1");
        assertThat(out.getSender().getDisplay()).isEqualTo("Ekbackens skola, elevhälsan");
        assertThat(out.getRecipient()).extracting(r -> r.getIdentifier().getSystem() + "|" + r.getIdentifier().getValue())
                .containsExactly(Systems.HSA_ID + "|SE2321000016-BUP1", Systems.KOMMUNKOD + "|0180");
        assertThat(out.getPayload()).hasSize(2);
        assertThat(out.getPayload().get(0).getContentStringType().getValue()).isEqualTo(Consultations.DE_IDENTIFIED_TEXT);
        assertThat(IdentifyingContent.marksDeIdentified(out.getPayload().get(0))).isTrue();
        assertThat(out.getPayload().get(1).getContentReference().getReference()).isEqualTo("#child");
        Patient child = (Patient) out.getContained().get(0);
        assertThat(out.getContained()).hasSize(1);
        assertThat(child.getGender().toCode()).isEqualTo("female");
        assertThat(child.getBirthDateElement().getValueAsString()).isEqualTo("2019");
        assertThat(child.getExtension()).isEmpty();
        assertThat(child.getMeta().isEmpty()).isTrue();
    }

    @Test
    void theChildsGenderAndBirthYearComeFromTheIdentityNumberWhenThePatientLacksThem() {
        Communication in = Consultations.maximal().consultation();
        Patient child = (Patient) in.getContained().get(0);
        child.setGender(null).setBirthDate(null);
        Patient out = (Patient) anonymiser.anonymise(in).getContained().get(0);
        // serial 238: the second-to-last digit is even, so female
        assertThat(out.getGender().toCode()).isEqualTo("female");
        assertThat(out.getBirthDateElement().getValueAsString()).isEqualTo("2019");
    }

    @Test
    void aRandomIdEachTimeWithoutAKey() {
        Communication in = Consultations.maximal().consultation();
        assertThat(anonymiser.anonymise(in).getIdElement().getIdPart())
                .isNotEqualTo(anonymiser.anonymise(in).getIdElement().getIdPart())
                .isNotEqualTo("4711");
    }

    @Test
    void aKeyedIdIsTheSameForTheSameRecordAndDiffersBetweenKeysAndRecords() {
        byte[] key = "a test key, not a secret".getBytes(StandardCharsets.UTF_8);
        byte[] other = "another test key, not a secret".getBytes(StandardCharsets.UTF_8);
        Communication in = Consultations.maximal().consultation();
        String id = new Anonymiser(key).anonymise(in).getIdElement().getIdPart();
        assertThat(new Anonymiser(key).anonymise(Consultations.maximal().consultation()).getIdElement().getIdPart())
                .isEqualTo(id);
        assertThat(new Anonymiser(other).anonymise(in).getIdElement().getIdPart()).isNotEqualTo(id);
        Communication otherRecord = Consultations.maximal().consultation();
        otherRecord.getIdentifier().get(0).setValue("SE2321000016-EMI1/elevakt-4712");
        assertThat(new Anonymiser(key).anonymise(otherRecord).getIdElement().getIdPart()).isNotEqualTo(id);
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
                .doesNotContain("4711");
    }

    @Test
    void anonymisingAnAnonymousConsultationKeepsItsContent() {
        Communication once = anonymiser.anonymise(Consultations.maximal().consultation());
        Communication twice = anonymiser.anonymise(once);
        twice.setId(once.getId());
        assertThat(json(twice)).isEqualTo(json(once));
    }

    @Test
    void refusesAConsultationWhoseDeIdentifiedTextStillHoldsAnIdentityNumber() {
        Communication in = Consultations.clean();
        in.getPayload().get(0).setContent(Consultations.deIdentified("Gäller " + Consultations.CHILD_PNR));
        assertThatThrownBy(() -> anonymiser.anonymise(in)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Communication.payload[0].contentString: IDENTITY_NUMBER")
                .hasMessageNotContaining(Consultations.CHILD_PNR);
    }

    @Test
    void refusesAGuardianAsRecipient() {
        Communication in = Consultations.clean();
        in.addRecipient(new Reference().setType("RelatedPerson").setDisplay("vårdnadshavare"));
        assertThatThrownBy(() -> anonymiser.anonymise(in)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Communication.recipient[2] is not an Organization");
    }

    @Test
    void refusesAnOrganisationNamedByAPersonalIdentityNumber() {
        Communication in = Consultations.clean();
        in.setSender(Consultations.organisation(Systems.PERSONNUMMER, Consultations.CHILD_PNR));
        assertThatThrownBy(() -> anonymiser.anonymise(in)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Communication.sender is not an Organization");
    }

    @Test
    void refusesAnotherFlowThanTheConsultation() {
        Communication in = Consultations.clean();
        in.getCategoryFirstRep().getCodingFirstRep().setCode("F4");
        assertThatThrownBy(() -> anonymiser.anonymise(in)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flow F6");
    }

    @Test
    void refusesAConsultationThatLeavesNothingToSend() {
        Communication in = new Communication();
        in.addCategory().addCoding().setSystem(Systems.FLOW).setCode("F6");
        in.addPayload().setContent(new StringType("Fri text som inte är avidentifierad"));
        assertThatThrownBy(() -> anonymiser.anonymise(in)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing to send");
    }

    @Test
    void theHsaIdUnderTheRivtaOidGoesOutUnderTheOneTheGatewayEmits() {
        Communication out = anonymiser.anonymise(Consultations.maximal().consultation());
        assertThat(out.getRecipient()).extracting(r -> r.getIdentifier().getSystem())
                .doesNotContain(Systems.HSA_ID_RIVTA);
        assertThat(List.of(json(out))).noneMatch(j -> j.contains(Systems.HSA_ID_RIVTA));
    }
}
