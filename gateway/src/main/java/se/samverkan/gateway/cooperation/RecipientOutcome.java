package se.samverkan.gateway.cooperation;

import java.util.Set;
import java.util.UUID;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;

/**
 * What became of one item for one recipient: the answer the sender gets, per recipient.
 *
 * @param recipient  as the sender named it
 * @param deliveryId the delivery, when one was queued (or kept, held for manual routing); else null
 * @param stripped   data categories taken out of the payload for this recipient (C11)
 */
public record RecipientOutcome(OrganisationId recipient, Status status, String code, String reason, UUID deliveryId,
                               Set<DataCategory> stripped) {

    public enum Status {
        /** Sent and acknowledged by the recipient's system. */
        DELIVERED,
        /** Sent before, with the same content: not sent again. */
        ALREADY_DELIVERED,
        /** Accepted and queued; the outbox sends it (and retries). */
        QUEUED,
        /** Sending failed; it is retried. */
        FAILED,
        /** Not sent: no consent, no route, protected identity, a concern flag; a person may act on it. */
        HELD,
        /** Not sent: the item itself is wrong (the field says which), or the recipient's system refused it. */
        REFUSED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public RecipientOutcome {
        stripped = stripped == null ? Set.of() : Set.copyOf(stripped);
    }

    static RecipientOutcome held(OrganisationId recipient, String code, String reason) {
        return new RecipientOutcome(recipient, Status.HELD, code, reason, null, Set.of());
    }

    static RecipientOutcome refused(OrganisationId recipient, String code, String reason) {
        return new RecipientOutcome(recipient, Status.REFUSED, code, reason, null, Set.of());
    }

    RecipientOutcome with(Status newStatus, String newCode, String newReason) {
        return new RecipientOutcome(recipient, newStatus, newCode, newReason, deliveryId, stripped);
    }
}
