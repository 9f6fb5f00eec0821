package se.samverkan.gateway.delivery;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.batch.BatchRuns;

/**
 * What an operator may do with the outbox: look at it, and send a parked delivery again once its cause is
 * fixed (or a waiting one now). A re-drive is audited with the operator's name in the transaction that
 * queues the delivery; the attempt that follows decides again (C12) like every attempt.
 */
@Service
public class OutboxAdmin {

    private static final Logger log = LoggerFactory.getLogger(OutboxAdmin.class);

    private final Outbox outbox;
    private final AuditTrail audit;
    private final BatchRuns runs;

    public OutboxAdmin(Outbox outbox, AuditTrail audit, BatchRuns runs) {
        this.outbox = outbox;
        this.audit = audit;
        this.runs = runs;
    }

    public List<OutboxEntry> entries(Outbox.Status status, int limit) {
        return outbox.entries(status, limit);
    }

    public Optional<OutboxEntry> entry(UUID deliveryId) {
        return outbox.entry(deliveryId);
    }

    @Transactional
    public Outbox.Redrive redrive(UUID deliveryId, String operator) {
        Optional<OutboxEntry> before = outbox.entry(deliveryId);
        Outbox.Redrive result = outbox.redrive(deliveryId);
        if (result == Outbox.Redrive.REQUEUED) {
            OutboxItem item = outbox.item(deliveryId).orElseThrow();
            OutboxEntry was = before.orElseThrow();
            audit.redrive(item.flow(), item.childId(), party(item.source()), party(item.recipient()), deliveryId,
                    operator, was.status().name().toLowerCase() + " " + was.lastCode() + " " + was.lastError());
            // the runs that queued it report again when it ends
            runs.reopen(deliveryId);
            log.info("delivery {} ({} to {}) re-driven by {} (was {} {})", deliveryId, item.childRef(),
                    item.recipient().value(), operator, was.status(), was.lastCode());
        }
        return result;
    }

    /** The parked deliveries, oldest first: re-drive each with {@link #redrive} (a transaction each). */
    public List<UUID> parked() {
        return outbox.ids(Outbox.Status.PARKED);
    }

    private static AuditTrail.Party party(se.samverkan.gateway.consent.OrganisationId id) {
        return new AuditTrail.Party(id.system(), id.value());
    }
}
