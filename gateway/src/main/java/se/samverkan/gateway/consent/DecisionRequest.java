package se.samverkan.gateway.consent;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * What a decision needs: the flow, the child, the parties, the data categories asked for, the moment
 * of decision, and what the source record says about custody and consents.
 */
public record DecisionRequest(
        String flow,
        PersonalIdentityNumber child,
        boolean protectedIdentity,
        String source,
        String recipient,
        Set<DataCategory> requested,
        Instant at,
        List<Guardian> guardians,
        List<RecordedConsent> consents) {

    public record Guardian(PersonalIdentityNumber id, boolean custody) {
    }

    /**
     * A consent as recorded at the source. {@code categories} empty means every category;
     * {@code recipient} null means any recipient of the flow.
     */
    public record RecordedConsent(
            String ref,
            PersonalIdentityNumber givenBy,
            boolean permit,
            java.time.LocalDate given,
            Set<DataCategory> categories,
            java.time.LocalDate validUntil,
            java.time.LocalDate withdrawn,
            String recipient) {
    }
}
