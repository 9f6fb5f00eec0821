package se.samverkan.gateway.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;

/** A claimed outbox row: one delivery, on its way out under this process's claim. */
public record OutboxItem(UUID deliveryId, String flow, String runId, String recordId, String childRef,
                         String childId, boolean protectedIdentity, OrganisationId source, OrganisationId recipient,
                         Set<DataCategory> categories, String endpoint, String payload, String signature,
                         int attempts, String claimOwner, DeliveryContext context) {

    public OutboxItem {
        context = context == null ? DeliveryContext.NONE : context;
    }

    public OutboxItem(UUID deliveryId, String flow, String runId, String recordId, String childRef, String childId,
                      boolean protectedIdentity, OrganisationId source, OrganisationId recipient,
                      Set<DataCategory> categories, String endpoint, String payload, String signature, int attempts,
                      String claimOwner) {
        this(deliveryId, flow, runId, recordId, childRef, childId, protectedIdentity, source, recipient, categories,
                endpoint, payload, signature, attempts, claimOwner, DeliveryContext.NONE);
    }

    /** The exact bytes sent, every time. */
    public byte[] body() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    public byte[] signatureBytes() {
        return Base64.getDecoder().decode(signature);
    }

    @Override
    public String toString() {
        return "OutboxItem[" + deliveryId + ", " + childRef + " to " + recipient.value() + ", attempt " + attempts + "]";
    }
}
