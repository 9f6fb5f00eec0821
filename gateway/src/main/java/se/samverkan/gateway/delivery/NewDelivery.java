package se.samverkan.gateway.delivery;

import java.util.Set;
import java.util.UUID;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;

/**
 * A delivery to queue: what the outbox needs to decide again right before sending (C12) and to send the
 * exact same bytes every time (payload and its signature are made once, so a receiver that sees a delivery
 * id twice sees identical bytes twice).
 *
 * @param childId    the child's identity number, for the decision and the audit store only; never logged
 * @param categories the data categories the payload carries (what the decision must still cover)
 * @param signature  base64 of the detached CMS signature over the payload's UTF-8 bytes
 * @param context    the circumstances the decision right before sending needs (flows F2-F7)
 */
public record NewDelivery(UUID deliveryId, String flow, String runId, String recordId, String childRef,
                          String childId, boolean protectedIdentity, OrganisationId source,
                          OrganisationId recipient, Set<DataCategory> categories, String endpoint, String payload,
                          String signature, DeliveryContext context) {

    public NewDelivery {
        context = context == null ? DeliveryContext.NONE : context;
    }

    /** A delivery with no circumstances beyond its row (the BHV transfer, F1). */
    public NewDelivery(UUID deliveryId, String flow, String runId, String recordId, String childRef, String childId,
                       boolean protectedIdentity, OrganisationId source, OrganisationId recipient,
                       Set<DataCategory> categories, String endpoint, String payload, String signature) {
        this(deliveryId, flow, runId, recordId, childRef, childId, protectedIdentity, source, recipient, categories,
                endpoint, payload, signature, DeliveryContext.NONE);
    }

    @Override
    public String toString() {
        return "NewDelivery[" + deliveryId + ", " + childRef + " to " + recipient.value() + "]";
    }
}
