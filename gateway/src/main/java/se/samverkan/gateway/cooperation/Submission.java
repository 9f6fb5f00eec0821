package se.samverkan.gateway.cooperation;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.DomainResource;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.DecisionRequest.CasePhase;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * One item a participant asks the gateway to route (flows F2-F7), read from a Communication or a SIP
 * CarePlan, whichever way it came (an elevhälsa batch or the FHIR face).
 *
 * @param flow       F2..F7
 * @param resource   the Communication or CarePlan as sent; never changed
 * @param recipients as the sender named them; for a SIP, every principal in the plan but the sender
 * @param child      the child; empty for an anonymous consultation (C7)
 * @param phase      the case phase stated (C6); null: none
 * @param flags      concern flags stated (C9)
 * @param categories the data categories the payload carries (C2, C11)
 * @param recordKey  the source's id of the record ({@code <sender>/<record id>}), or a digest of the content
 * @param planKey    for a SIP: the plan's key; otherwise null
 */
public record Submission(String flow, DomainResource resource, OrganisationId sender, List<OrganisationId> recipients,
                         Optional<Child> child, CasePhase phase, Set<String> flags, Set<DataCategory> categories,
                         boolean anonymous, String recordKey, String planKey) {

    public Submission {
        recipients = List.copyOf(recipients);
        flags = Set.copyOf(flags);
        categories = Set.copyOf(categories);
    }

    /** The child as the record names it. */
    public record Child(PersonalIdentityNumber id, boolean protectedIdentity, String municipality) {

        @Override
        public String toString() {
            return "Child[" + (protectedIdentity ? "protected" : "") + "]";
        }
    }

    public boolean sip() {
        return planKey != null;
    }
}
