package se.samverkan.gateway.cooperation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.Decision;
import se.samverkan.gateway.consent.DecisionRequest;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.delivery.DeliveryContext;
import se.samverkan.gateway.delivery.NewDelivery;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.identity.Pseudonymizer;
import se.samverkan.gateway.identity.Redaction;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.security.signature.PayloadSigner;
import se.samverkan.gateway.validation.ProfileValidator;

/**
 * Flows F2-F7: decides each recipient of an item on its own, and queues what may go, in one transaction.
 * The decision's audit record, the concern flags the item raises, the plan's participants and every queued
 * delivery are written together or not at all. Sending is the outbox's: it decides again right before (C12).
 *
 * <table>
 * <caption>Codes of what is held or refused per recipient (besides the decision codes GW-21xx)</caption>
 * <tr><td>GW-4206</td><td>refused</td><td>the payload for this recipient does not conform to its profile</td></tr>
 * <tr><td>GW-4210</td><td>held</td><td>the recipient is not a registered participant with an endpoint: no route</td></tr>
 * <tr><td>GW-4211</td><td>held</td><td>report of concern: no intake unit known for the child's municipality (C8); kept for manual routing</td></tr>
 * <tr><td>GW-4212</td><td>held</td><td>report of concern about a child with protected personal data (C8, C10); kept for manual handling</td></tr>
 * <tr><td>GW-4213</td><td>held</td><td>the consent covers none of the payload's parts (C11)</td></tr>
 * <tr><td>GW-4214</td><td>held</td><td>without full consent it may go anonymised only, and it cannot be (C7)</td></tr>
 * </table>
 */
public class CooperationService {

    private static final Logger log = LoggerFactory.getLogger(CooperationService.class);

    /** Where a report of concern the gateway cannot route waits: an outbox row that is never sent. */
    static final String MANUAL_ROUTING = "manual:routing";
    static final OrganisationId NO_INTAKE_NAMED = OrganisationId.of("urn:samverkan:manual-routing", "intake-unknown");

    private final ParticipantRegistry registry;
    private final ConsentGate gate;
    private final Payloads payloads;
    private final ProfileValidator validator;
    private final PayloadSigner signer;
    private final Outbox outbox;
    private final ConcernFlags flags;
    private final SipPlans plans;
    private final Pseudonymizer pseudonyms;
    private final Clock clock;
    private final Notices notices;

    CooperationService(ParticipantRegistry registry, ConsentGate gate, Payloads payloads, ProfileValidator validator,
                       PayloadSigner signer, Outbox outbox, ConcernFlags flags, SipPlans plans,
                       Pseudonymizer pseudonyms, Clock clock, Notices notices) {
        this.notices = notices;
        this.registry = registry;
        this.gate = gate;
        this.payloads = payloads;
        this.validator = validator;
        this.signer = signer;
        this.outbox = outbox;
        this.flags = flags;
        this.plans = plans;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    /** @param runId the batch run, or the id of a call to the FHIR face: what the outbox rows are grouped by */
    @Transactional
    public List<RecipientOutcome> submit(Submission s, String runId) {
        Instant now = clock.instant();
        String digest = SubmissionReader.digest(payloads.json(wrap(s)));
        s.child().filter(c -> !s.flags().isEmpty())
                .ifPresent(child -> flags.raise(child.id().value(), s.flags(), s.sender().value(),
                        child.municipality()));
        if (s.sip()) {
            plans.refusal(s.planKey(), s.sender(), SubmissionReader.planMembers(s)).ifPresent(why -> {
                throw new SubmissionRefused(se.samverkan.gateway.access.Refusals.NOT_THE_STARTER, "CarePlan.careTeam",
                        why);
            });
            plans.record(s.planKey(), SubmissionReader.planMembers(s), ((CarePlan) s.resource()).getStatus().toCode(),
                    digest, s.sender());
        }
        List<RecipientOutcome> outcomes = new ArrayList<>();
        if (s.recipients().isEmpty() && "F5".equals(s.flow())) {
            outcomes.add(keep(s, NO_INTAKE_NAMED, runId, digest, now, "GW-4211",
                    "the child's registration municipality is not known, so no intake unit: held for manual routing"
                            + " (C8), never dropped"));
        }
        for (OrganisationId recipient : s.recipients()) {
            outcomes.add(one(s, recipient, runId, digest, now));
        }
        RecipientOutcome receipt = notices.receipt(s, outcomes, runId, digest);
        if (receipt != null) {
            outcomes.add(receipt);
        }
        String child = s.child().map(c -> pseudonyms.pseudonym(c.id().value())).orElse("anonymised");
        String record = Redaction.numbers(s.recordKey());
        outcomes.forEach(o -> log.info("{} {} ({}) to {}: {} {}", s.flow(), record, child,
                o.recipient().value(), o.status().code(), o.code()));
        return outcomes;
    }

    private RecipientOutcome one(Submission s, OrganisationId recipient, String runId, String digest, Instant now) {
        Optional<ParticipantRegistry.Route> route = registry.route(recipient);
        if (route.isEmpty()) {
            if ("F5".equals(s.flow())) {
                return keep(s, recipient, runId, digest, now, "GW-4211", "no intake unit is registered for "
                        + recipient.value() + ": held for manual routing (C8), never dropped");
            }
            return RecipientOutcome.held(recipient, "GW-4210",
                    "not a registered participant with an endpoint: no route");
        }
        OrganisationId participant = route.get().participant();
        DecisionRequest question = request(s, participant, now);
        Decision decision = gate.decide(question);
        if (decision.anonymisedAlternative() && !s.sip()) {
            // C7: the identified consultation is refused, an anonymised one is permitted: ask for that one
            // (decided and audited as such) and anonymise
            decision = gate.decide(question.with(question.context().withAnonymised(true)));
        }
        if (!decision.permit()) {
            return RecipientOutcome.held(recipient, decision.code(), decision.reason());
        }
        if (decision.has(Decision.Obligation.HOLD_FOR_MANUAL_HANDLING)) {
            if ("F5".equals(s.flow())) {
                return keep(s, recipient, runId, digest, now, "GW-4212", "the child has protected personal data:"
                        + " held for manual handling (C8, C10), never dropped");
            }
            return RecipientOutcome.held(recipient, decision.code(), decision.reason());
        }
        boolean anonymise = decision.has(Decision.Obligation.ANONYMISE) && !s.anonymous();
        if (anonymise && s.sip()) {
            return RecipientOutcome.held(recipient, decision.code(), decision.reason());
        }
        UUID id = Payloads.deliveryId(s, recipient, digest);
        Payloads.Built built;
        try {
            built = payloads.build(s, recipient, id, decision.permitted(), anonymise, Date.from(now));
        } catch (IllegalArgumentException e) {
            // the anonymiser refuses what it cannot make anonymous (its message names paths, never values)
            return RecipientOutcome.held(recipient, "GW-4214", "no full consent, and it cannot go anonymised (C7): "
                    + Redaction.numbers(e.getMessage()));
        }
        if (built.bundle() == null) {
            return new RecipientOutcome(recipient, RecipientOutcome.Status.HELD, "GW-4213",
                    "the consent covers none of the payload's parts (C11)", null, built.stripped());
        }
        List<ProfileValidator.Issue> errors = validator.errors(built.bundle());
        if (!errors.isEmpty()) {
            return RecipientOutcome.refused(recipient, "GW-4206", Redaction.numbers(
                    "the payload does not conform to its profile: " + errors.get(0)));
        }
        Set<DataCategory> carried = EnumSet.noneOf(DataCategory.class);
        carried.addAll(s.categories());
        carried.removeAll(built.stripped());
        Outbox.Enqueued queued = outbox.enqueue(delivery(s, id, runId, participant, route.get().endpoint(), carried,
                built, payloads.json(built.bundle())));
        RecipientOutcome.Status status = queued.queued() || queued.status() != Outbox.Status.DELIVERED
                ? RecipientOutcome.Status.QUEUED : RecipientOutcome.Status.ALREADY_DELIVERED;
        String reason = (built.anonymous() && !s.anonymous() ? "anonymised (C7); " : "")
                + (built.stripped().isEmpty() ? "" : "stripped (C11): " + codes(built.stripped()) + "; ")
                + (status == RecipientOutcome.Status.QUEUED ? "queued" : "delivered before, not sent again");
        return new RecipientOutcome(recipient, status, decision.code(), reason, id, built.stripped());
    }

    private DecisionRequest request(Submission s, OrganisationId participant, Instant now) {
        DecisionRequest.Context context = DecisionRequest.Context.NONE
                .withProtectedIdentity(s.child().map(Submission.Child::protectedIdentity).orElse(false))
                .withCasePhase(s.phase())
                .withAnonymised(s.anonymous());
        return new DecisionRequest(s.flow(), s.child().map(Submission.Child::id).orElse(null), s.sender(), participant,
                s.categories(), now, context);
    }

    /** Kept, never sent by itself: the payload as addressed, for a person to route (C8). */
    private RecipientOutcome keep(Submission s, OrganisationId recipient, String runId, String digest, Instant now,
                                  String code, String reason) {
        UUID id = Payloads.deliveryId(s, recipient, digest);
        Payloads.Built built = payloads.build(s, recipient, id, s.categories(), false, Date.from(now));
        outbox.keep(delivery(s, id, runId, recipient, MANUAL_ROUTING, s.categories(), built,
                payloads.json(built.bundle())), code, reason, List.of("C8"));
        log.warn("{} {}: {} {}", s.flow(), Redaction.numbers(s.recordKey()), code,
                "held for manual routing: see /admin/outbox");
        return new RecipientOutcome(recipient, RecipientOutcome.Status.HELD, code, reason, id, Set.of());
    }

    private NewDelivery delivery(Submission s, UUID id, String runId, OrganisationId recipient, String endpoint,
                                 Set<DataCategory> carried, Payloads.Built built, String json) {
        String signature = Base64.getEncoder().encodeToString(signer.sign(json.getBytes(StandardCharsets.UTF_8)));
        boolean anonymous = built.anonymous();
        String childId = anonymous ? null : s.child().map(c -> c.id().value()).orElse(null);
        String childRef = childId == null ? "anonymised" : pseudonyms.pseudonym(childId);
        boolean protectedIdentity = !anonymous && s.child().map(Submission.Child::protectedIdentity).orElse(false);
        return new NewDelivery(id, s.flow(), runId, clip(s.recordKey()), childRef, childId, protectedIdentity,
                s.sender(), recipient, carried, endpoint, json, signature,
                new DeliveryContext(s.phase() == null ? null : s.phase().code(), anonymous, false, s.planKey()));
    }

    private static Bundle wrap(Submission s) {
        Bundle bundle = new Bundle();
        bundle.addEntry().setResource(s.resource());
        return bundle;
    }

    private static String codes(Set<DataCategory> categories) {
        return categories.stream().map(DataCategory::code).sorted().toList().toString();
    }

    private static String clip(String key) {
        return key.length() <= 64 ? key : key.substring(key.length() - 64);
    }
}
