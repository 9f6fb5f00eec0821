package se.samverkan.gateway.cooperation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.support.TestIds;
import se.samverkan.gateway.validation.CodeDisplays;

/** Issue 17: whatever display a sender gives its flow code, the delivered Bundle carries the CodeSystem's. */
class PayloadsDisplayTest {

    static final PersonalIdentityNumber CHILD = TestIds.id(LocalDate.of(2015, 8, 30), 41);
    static final OrganisationId UNIT = OrganisationId.skolenhetskod("10000001");
    static final OrganisationId BUP = OrganisationId.hsaId("SE2321000016-BUP1");

    @Test
    void aFlowCodingGoesOutWithItsPublishedDisplay() {
        FhirContext fhir = FhirContext.forR4Cached();
        Communication c = Items.text(Items.communication("F2", "R-1", CHILD, UNIT, BUP), "text", DataCategory.MEDICAL);
        c.getCategoryFirstRep().getCodingFirstRep().setDisplay("referral");
        Submission s = new SubmissionReader(fhir, new IdentifyingContent()).read(c, Optional.empty());

        Payloads.Built built = new Payloads(fhir, new Anonymiser()).build(s, BUP, UUID.randomUUID(),
                EnumSet.allOf(DataCategory.class), false, new Date());

        Coding flow = ((Communication) built.bundle().getEntryFirstRep().getResource()).getCategory().stream()
                .flatMap(cc -> cc.getCoding().stream()).filter(x -> Systems.FLOW.equals(x.getSystem())).findFirst().orElseThrow();
        assertThat(flow.getDisplay()).isEqualTo(CodeDisplays.of(Systems.FLOW, "F2"));
    }
}
