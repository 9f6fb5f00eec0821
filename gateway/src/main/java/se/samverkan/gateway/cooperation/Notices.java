package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.consent.ConsentRegistry;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.Decision;
import se.samverkan.gateway.consent.DecisionRequest;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.delivery.DeliveryContext;
import se.samverkan.gateway.delivery.NewDelivery;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.validation.CodeDisplays;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.identity.Pseudonymizer;
import se.samverkan.gateway.security.signature.PayloadSigner;

/**
 * The notices the gateway sends itself: receipts to the guardians for what was sent about their child (flows
 * in {@code gateway.notices.receipts}), and, when a consent ends (C5), a notice to each recipient that got data
 * under it and a receipt to the guardians. Each is decided like any delivery (flows N1 and N2, on a legal
 * basis), so C9 stops every guardian-facing one while the child is flagged, also when the flag is raised after
 * the notice was queued, and C10 holds them for a child with protected personal data.
 */
public class Notices {

    private static final Logger log = LoggerFactory.getLogger(Notices.class);

    static final String GUARDIANS_FLOW = "N1";
    static final String CONSENT_ENDED_FLOW = "N2";
    static final String NOTICE_KIND = Systems.CANONICAL_BASE + "/CodeSystem/notice";
    /** The guardians' channel as the outbox and the audit name the recipient. */
    static final OrganisationId GUARDIANS = OrganisationId.of(Systems.CANONICAL_BASE + "/NamingSystem/notice-channel",
            "guardians");

    private final NoticeProperties properties;
    private final ConsentGate gate;
    private final ConsentRegistry registry;
    private final ConcernFlags flags;
    private final Outbox outbox;
    private final PayloadSigner signer;
    private final Pseudonymizer pseudonyms;
    private final FhirContext fhir;
    private final Clock clock;

    Notices(NoticeProperties properties, ConsentGate gate, ConsentRegistry registry, ConcernFlags flags, Outbox outbox,
            PayloadSigner signer, Pseudonymizer pseudonyms, FhirContext fhir, Clock clock) {
        this.properties = properties;
        this.gate = gate;
        this.registry = registry;
        this.flags = flags;
        this.outbox = outbox;
        this.signer = signer;
        this.pseudonyms = pseudonyms;
        this.fhir = fhir;
        this.clock = clock;
        if (!properties.toGuardians()) {
            log.warn("gateway.notices.guardian-endpoint is not set: no receipts or notices go to guardians");
        }
    }

    /** A receipt to the guardians for an item that went (or will go) to some recipient; none if nothing did. */
    public RecipientOutcome receipt(Submission s, List<RecipientOutcome> outcomes, String runId, String digest) {
        List<RecipientOutcome> sent = outcomes.stream().filter(o -> o.status() == RecipientOutcome.Status.QUEUED).toList();
        if (!properties.toGuardians() || !properties.receipts().contains(s.flow()) || s.child().isEmpty()
                || sent.isEmpty()) {
            return null;
        }
        String text = "Uppgifter om ert barn har skickats (" + s.flow() + ") till: "
                + String.join(", ", sent.stream().map(o -> o.recipient().value()).toList()) + ".";
        Submission.Child child = s.child().get();
        return toGuardians(child.id(), child.protectedIdentity(), s.sender(), s.flow(), text,
                "receipt|" + s.flow() + "|" + s.recordKey() + "|" + digest, runId);
    }

    /**
     * A consent ended (C5): each recipient that got data about the child in the consent's flows is told, and the
     * guardians get a receipt.
     */
    public List<RecipientOutcome> consentEnded(PersonalIdentityNumber child, String consentRef, Set<String> flows,
                                               String runId) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (Outbox.Recipient r : outbox.deliveredTo(child.value(), flows)) {
            String text = "Samtycket som uppgifter om barnet (" + r.flow() + ") lämnades ut på har upphört (" + consentRef
                    + "). Det som redan lämnats ut återkallas inte, men inget mer skickas på det samtycket.";
            Communication notice = notice(child, r.source(), List.of(r.recipient().reference()), r.flow(), text);
            outcomes.add(queue(notice, CONSENT_ENDED_FLOW, child, false, r.source(), r.recipient(), r.endpoint(),
                    "consent-ended|" + consentRef + "|" + r.flow() + "|" + r.recipient().value(), runId, false));
        }
        if (properties.toGuardians()) {
            RecipientOutcome receipt = toGuardians(child, false, GUARDIANS, flows.stream().sorted().findFirst()
                            .orElse(GUARDIANS_FLOW), "Ert återkallade samtycke är registrerat (" + consentRef + "); inget mer"
                            + " lämnas ut på det.", "withdrawn|" + consentRef, runId);
            if (receipt != null) {
                outcomes.add(receipt);
            }
        }
        return outcomes;
    }

    private RecipientOutcome toGuardians(PersonalIdentityNumber child, boolean protectedIdentity, OrganisationId source,
                                         String flow, String text, String key, String runId) {
        List<Reference> guardians = registry.guardiansOf(child).stream().filter(RelatedPerson::getActive)
                .map(g -> new Reference().setType("RelatedPerson").setIdentifier(g.getIdentifierFirstRep().copy()))
                .toList();
        if (guardians.isEmpty()) {
            return RecipientOutcome.held(GUARDIANS, "GW-2104", "no guardian with custody on record: no receipt");
        }
        Communication notice = notice(child, source, guardians, flow, text);
        return queue(notice, GUARDIANS_FLOW, child, protectedIdentity, source, GUARDIANS,
                properties.guardianEndpoint(), key, runId, true);
    }

    private RecipientOutcome queue(Communication notice, String noticeFlow, PersonalIdentityNumber child,
                                   boolean protectedIdentity, OrganisationId source, OrganisationId recipient,
                                   String endpoint, String key, String runId, boolean guardianFacing) {
        Instant now = clock.instant();
        DecisionRequest.Context context = DecisionRequest.Context.NONE.withProtectedIdentity(protectedIdentity)
                .withGuardianFacing(guardianFacing).withFlagged(guardianFacing && flags.flagged(child.value()));
        Decision decision = gate.decide(new DecisionRequest(noticeFlow, child, source, recipient,
                Set.of(DataCategory.SUMMARY), now, context));
        if (!decision.permit() || !decision.obligations().isEmpty()) {
            return RecipientOutcome.held(recipient, decision.code(), decision.reason());
        }
        UUID id = UUID.nameUUIDFromBytes((noticeFlow + "|" + key).getBytes(StandardCharsets.UTF_8));
        notice.setId(id.toString());
        notice.addIdentifier(new Identifier().setSystem(Systems.DELIVERY_ID).setValue(id.toString()));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION)
                .setIdentifier(new Identifier().setSystem(Systems.DELIVERY_ID).setValue(id.toString()));
        bundle.setTimestamp(Date.from(now));
        bundle.addEntry().setFullUrl("urn:uuid:" + id).setResource(notice).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Communication")
                .setIfNoneExist("identifier=" + Systems.DELIVERY_ID + "|" + id);
        String json = fhir.newJsonParser().encodeResourceToString(bundle);
        String signature = Base64.getEncoder().encodeToString(signer.sign(json.getBytes(StandardCharsets.UTF_8)));
        Outbox.Enqueued queued = outbox.enqueue(new NewDelivery(id, noticeFlow, runId, "notice", pseudonyms.pseudonym(
                child.value()), child.value(), protectedIdentity, source, recipient, Set.of(DataCategory.SUMMARY),
                endpoint, json, signature, new DeliveryContext(null, false, guardianFacing, null)));
        return new RecipientOutcome(recipient, queued.queued() ? RecipientOutcome.Status.QUEUED
                : RecipientOutcome.Status.ALREADY_DELIVERED, decision.code(), "notice queued", id, Set.of());
    }

    private static Communication notice(PersonalIdentityNumber child, OrganisationId source, List<Reference> recipients,
                                        String flow, String text) {
        Communication c = new Communication();
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addCategory(new CodeableConcept(CodeDisplays.coding(Systems.FLOW, flow)));
        c.addCategory(new CodeableConcept(CodeDisplays.coding(NOTICE_KIND, "notice")));
        c.setSubject(new Reference().setType("Patient").setIdentifier(new Identifier()
                .setSystem(Systems.identitySystem(child)).setValue(child.value())));
        c.setSender(source.reference());
        c.setRecipient(new ArrayList<>(recipients));
        c.setSent(new Date());
        c.addPayload().setContent(new StringType(text));
        return c;
    }

}
