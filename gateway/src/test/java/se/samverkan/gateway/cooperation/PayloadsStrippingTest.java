package se.samverkan.gateway.cooperation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.support.TestIds;

/** C11 on a referral: what the decision does not permit, or what cannot be classified, does not reach BUP. */
class PayloadsStrippingTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final OrganisationId SCHOOL = OrganisationId.hsaId("SE2120000001-SKOLA1");
    static final OrganisationId BUP = OrganisationId.hsaId("SE2321000016-BUP1");
    static final PersonalIdentityNumber CHILD = TestIds.id(LocalDate.of(2015, 9, 3), 128);

    @Test
    void case11_strippingByDataCategoryCoversEveryElementThatCanCarryContent() {
        Communication c = Items.communication("F2", "r-11", CHILD, SCHOOL, BUP);
        Items.text(c, "Summary for the referral", DataCategory.SUMMARY);
        Items.text(c, "Psychosocial notes not consented", DataCategory.PSYCHOSOCIAL);
        c.addContained(new DocumentReference().setDescription("Counsellor's report, not consented").setId("doc"));
        c.addPayload().setContent(new Reference("#doc").setDisplay("Counsellor's report title"))
                .addExtension(Systems.DATA_CATEGORY_EXT, new CodeType(DataCategory.PSYCHOSOCIAL.code()));
        c.addNote(new Annotation(new org.hl7.fhir.r4.model.MarkdownType("A note no category covers")));
        c.addExtension("https://elsewhere.example/StructureDefinition/remark", new StringType("An unknown remark"));
        c.getPayloadFirstRep().addExtension("https://elsewhere.example/x", new StringType("Hidden in the part"));
        Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">All of it, psychosocial too</div>");
        c.setText(narrative);
        Submission s = new Submission("F2", c, SCHOOL, List.of(BUP),
                Optional.of(new Submission.Child(CHILD, false, "0180")), null, Set.of(),
                EnumSet.of(DataCategory.SUMMARY, DataCategory.PSYCHOSOCIAL), false, "r-11", null);

        Payloads.Built built = new Payloads(FHIR, new Anonymiser()).build(s, BUP, UUID.randomUUID(),
                EnumSet.of(DataCategory.SUMMARY), false, new Date());
        String sent = FHIR.newJsonParser().encodeResourceToString(built.bundle());

        assertThat(sent).contains("Summary for the referral", "\"child\"");
        assertThat(sent).doesNotContain("Psychosocial notes", "Counsellor's report", "A note no category covers",
                "An unknown remark", "Hidden in the part", "psychosocial too");
        assertThat(built.stripped()).containsExactly(DataCategory.PSYCHOSOCIAL);
        assertThat(c.getPayload()).as("the sender's resource is never changed").hasSize(3);
    }
}
