package se.samverkan.gateway.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.TransferLedger;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.Decision;
import se.samverkan.gateway.consent.DecisionRequest;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * One attempt at one outbox row, in two transactions around the send. Before: claim it and decide again
 * (C12); the decision's audit record is written with the claim, and a refusal holds the row in the same
 * transaction, so nothing leaves without its decision on record. After: the outcome, the ledger and the
 * delivery's audit record together; if any of them cannot be written, none is, and the row is sent again
 * under the same delivery id (which is why a receiver may see a delivery id twice, never two payloads).
 */
public class OutboxDelivery {

    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);

    /** Held at delivery: the consent now covers less than the payload carries. */
    static final String NARROWED = "GW-3004";

    /** Held at delivery: the recipient is no longer addressed (removed from the SIP). */
    static final String NOT_ADDRESSED = "GW-3006";

    private final Outbox outbox;
    private final TransferLedger ledger;
    private final AuditTrail audit;
    private final ConsentGate gate;
    private final RetryPolicy policy;
    private final Claim claim;
    private final Clock clock;
    private final Circumstances circumstances;

    public OutboxDelivery(Outbox outbox, TransferLedger ledger, AuditTrail audit, ConsentGate gate, RetryPolicy policy,
                          Claim claim, Clock clock) {
        this(outbox, ledger, audit, gate, policy, claim, clock, Circumstances.NONE);
    }

    public OutboxDelivery(Outbox outbox, TransferLedger ledger, AuditTrail audit, ConsentGate gate, RetryPolicy policy,
                          Claim claim, Clock clock, Circumstances circumstances) {
        this.circumstances = circumstances;
        this.outbox = outbox;
        this.ledger = ledger;
        this.audit = audit;
        this.gate = gate;
        this.policy = policy;
        this.claim = claim;
        this.clock = clock;
    }

    /** The row, claimed and permitted, ready to send; empty when another took it first or the decision held it. */
    @Transactional
    public Optional<OutboxItem> take(UUID deliveryId) {
        Optional<OutboxItem> claimed = outbox.claim(deliveryId, claim);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        OutboxItem item = claimed.get();
        Optional<String> removed = circumstances.noLongerAddressed(item);
        if (removed.isPresent()) {
            outbox.hold(item, NOT_ADDRESSED, removed.get(), java.util.List.of("C12"));
            ledger.conclude(item.deliveryId(), Outcome.HELD, NOT_ADDRESSED, removed.get());
            log.info("delivery {} ({} to {}) held right before sending: {} {}", item.deliveryId(), item.childRef(),
                    item.recipient().value(), NOT_ADDRESSED, removed.get());
            return Optional.empty();
        }
        Decision decision = gate.decide(request(item));
        Optional<String> refusal = refusal(item, decision);
        if (refusal.isEmpty()) {
            return claimed;
        }
        String code = decision.permit() && !decision.permitted().containsAll(item.categories()) ? NARROWED
                : decision.code();
        outbox.hold(item, code, refusal.get(), decision.rules());
        ledger.conclude(item.deliveryId(), Outcome.HELD, code, refusal.get());
        log.info("delivery {} ({} to {}) held right before sending: {} {}", item.deliveryId(), item.childRef(),
                item.recipient().value(), code, refusal.get());
        return Optional.empty();
    }

    /** Sent and acknowledged. */
    @Transactional
    public void delivered(OutboxItem item) {
        outbox.delivered(item);
        ledger.conclude(item.deliveryId(), Outcome.DELIVERED, "GW-0000", "delivered");
        audit.delivery(item.flow(), item.childId(), party(item.source()), party(item.recipient()), item.deliveryId(),
                true, "attempt " + item.attempts());
    }

    /** Not sent this time: try again later, or give up (park) when trying again cannot help or has been enough. */
    @Transactional
    public DeliveryFailure failed(OutboxItem item, Throwable cause) {
        DeliveryFailure failure = DeliveryFailure.of(cause);
        String attempt = "attempt " + item.attempts() + " of " + policy.maxAttempts();
        if (!failure.retryable() || policy.exhausted(item.attempts())) {
            DeliveryFailure parked = failure.retryable()
                    ? new DeliveryFailure(false, DeliveryFailure.GAVE_UP, "gave up after " + item.attempts()
                            + " attempts; the last: " + failure.reason())
                    : failure;
            outbox.park(item, parked.code(), parked.reason());
            ledger.conclude(item.deliveryId(), Outcome.PARKED, parked.code(), parked.reason());
            audit.delivery(item.flow(), item.childId(), party(item.source()), party(item.recipient()),
                    item.deliveryId(), false, parked.code() + " " + parked.reason() + " (" + attempt + "; parked)");
            log.warn("delivery {} ({} to {}) parked: {} {}", item.deliveryId(), item.childRef(),
                    item.recipient().value(), parked.code(), parked.reason());
            return parked;
        }
        Instant next = clock.instant().plus(policy.delayAfter(item.attempts()));
        outbox.retryAt(item, next, failure.code(), failure.reason());
        ledger.conclude(item.deliveryId(), Outcome.FAILED, failure.code(), failure.reason());
        audit.delivery(item.flow(), item.childId(), party(item.source()), party(item.recipient()), item.deliveryId(),
                false, failure.code() + " " + failure.reason() + " (" + attempt + "; next at " + next + ")");
        log.warn("delivery {} ({} to {}) {} failed, next at {}: {}", item.deliveryId(), item.childRef(),
                item.recipient().value(), attempt, next, failure.reason());
        return failure;
    }

    private DecisionRequest request(OutboxItem item) {
        DeliveryContext stated = item.context();
        PersonalIdentityNumber child = item.childId() == null ? null : PersonalIdentityNumber.parse(item.childId());
        DecisionRequest.Context context = DecisionRequest.Context.NONE
                .withProtectedIdentity(item.protectedIdentity())
                .withCasePhase(stated.casePhase() == null ? null
                        : DecisionRequest.CasePhase.fromCode(stated.casePhase()).orElseThrow())
                .withAnonymised(stated.anonymised())
                .withGuardianFacing(stated.guardianFacing())
                // only what goes to the guardians cares (C9): no query for anything else
                .withFlagged(stated.guardianFacing() && child != null && circumstances.flagged(item.childId()));
        return new DecisionRequest(item.flow(), child, item.source(), item.recipient(), item.categories(),
                clock.instant(), context);
    }

    /** Why this payload may not go now, if it may not. */
    static Optional<String> refusal(OutboxItem item, Decision decision) {
        if (!decision.permit()) {
            return Optional.of(decision.reason());
        }
        Set<Decision.Obligation> unmet = EnumSet.noneOf(Decision.Obligation.class);
        unmet.addAll(decision.obligations());
        if (item.context().anonymised()) {
            // the payload was anonymised when it was queued: that obligation is met (C7)
            unmet.remove(Decision.Obligation.ANONYMISE);
        }
        if (!unmet.isEmpty()) {
            return Optional.of(decision.reason() + " (obligation: " + unmet + ")");
        }
        Set<DataCategory> uncovered = EnumSet.noneOf(DataCategory.class);
        uncovered.addAll(item.categories());
        uncovered.removeAll(decision.permitted());
        if (!uncovered.isEmpty()) {
            return Optional.of("the consent no longer covers every data category queued (C11): "
                    + uncovered.stream().map(DataCategory::code).sorted().toList()
                    + "; run the batch again to send what it covers");
        }
        return Optional.empty();
    }

    private static AuditTrail.Party party(se.samverkan.gateway.consent.OrganisationId id) {
        return new AuditTrail.Party(id.system(), id.value());
    }
}
