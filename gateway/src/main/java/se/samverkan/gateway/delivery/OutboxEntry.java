package se.samverkan.gateway.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * An outbox row as an operator sees it: no identity number, no payload.
 *
 * @param inFlight claimed by a gateway that is sending it now
 */
public record OutboxEntry(UUID deliveryId, String flow, String runId, String recordId, String childRef,
                          String recipient, Outbox.Status status, int attempts, boolean inFlight,
                          Instant nextAttemptAt, String lastCode, String lastError, Instant updatedAt) {
}
