package se.samverkan.gateway.cooperation;

import java.util.List;
import org.apache.camel.ProducerTemplate;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.delivery.OutboxEntry;

/**
 * A call to the FHIR face waits for its first attempts, so the sender's answer says delivered where it can.
 * The attempt is the outbox's own (claimed, decided again, sent, recorded); what it could not finish stays
 * queued and is retried like every other delivery.
 */
class ImmediateDelivery {

    private final ProducerTemplate producer;
    private final Outbox outbox;
    private final java.time.Duration patience;

    /** @param patience how long to wait for an attempt another sender (the outbox's poller) took first */
    ImmediateDelivery(ProducerTemplate producer, Outbox outbox, java.time.Duration patience) {
        this.producer = producer;
        this.outbox = outbox;
        this.patience = patience;
    }

    List<RecipientOutcome> attempt(List<RecipientOutcome> outcomes) {
        return outcomes.stream().map(this::attempt).toList();
    }

    private RecipientOutcome attempt(RecipientOutcome outcome) {
        if (outcome.status() != RecipientOutcome.Status.QUEUED) {
            return outcome;
        }
        producer.sendBody("direct:outbox-attempt", outcome.deliveryId());
        OutboxEntry entry = outbox.entry(outcome.deliveryId()).orElseThrow();
        long until = System.nanoTime() + patience.toNanos();
        while (entry.status() == Outbox.Status.PENDING && entry.inFlight() && System.nanoTime() < until) {
            // the poller claimed it first: its attempt is as good as ours, wait for its outcome
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            entry = outbox.entry(outcome.deliveryId()).orElseThrow();
        }
        String prefix = outcome.reason().endsWith("queued")
                ? outcome.reason().substring(0, outcome.reason().length() - "queued".length()) : "";
        return switch (entry.status()) {
            case DELIVERED -> outcome.with(RecipientOutcome.Status.DELIVERED, outcome.code(), prefix + "delivered");
            case HELD -> outcome.with(RecipientOutcome.Status.HELD, entry.lastCode(), entry.lastError());
            case PARKED -> outcome.with(RecipientOutcome.Status.REFUSED, entry.lastCode(),
                    "the recipient's system refused it: " + entry.lastError());
            case PENDING -> entry.lastCode() == null ? outcome
                    : outcome.with(RecipientOutcome.Status.FAILED, entry.lastCode(),
                            prefix + "not delivered yet, retried from " + entry.nextAttemptAt() + ": " + entry.lastError());
        };
    }
}
