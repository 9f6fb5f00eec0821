package se.samverkan.gateway.audit;

import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.consent.Decision;
import se.samverkan.gateway.consent.DecisionRequest;

/**
 * Every decision, permit or deny, from whichever caller (routes, the FHIR face), becomes an audit
 * record with the rules, the consents and the legal basis behind it (C13).
 */
public class AuditedConsentGate implements ConsentGate {

    private final ConsentGate gate;
    private final AuditTrail audit;

    public AuditedConsentGate(ConsentGate gate, AuditTrail audit) {
        this.gate = gate;
        this.audit = audit;
    }

    @Override
    public Decision decide(DecisionRequest request) {
        Decision decision = gate.decide(request);
        audit.decision(request.flow(), request.child() == null ? null : request.child().value(),
                new AuditTrail.Party(request.source().system(), request.source().value()),
                new AuditTrail.Party(request.recipient().system(), request.recipient().value()),
                decision.permit(), decision.rules(), decision.consentRefs(), decision.legalBasis().orElse(null),
                decision.code(), decision.reason());
        return decision;
    }
}
