package se.samverkan.gateway.audit;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.GatewayInstance;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.registry.Indexes;
import se.samverkan.gateway.registry.ResourceStore;

/**
 * The audit store (C13): every consent decision and every delivery attempt becomes an AuditEvent in
 * the shape of IHE's Basic Audit Log Patterns (who sent, who received, which child, which flow, the
 * outcome), listable per child on the FHIR face. It holds identities; application logs never do.
 */
@Component
public class AuditTrail {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String EVENT_TYPE = Systems.CANONICAL_BASE + "/CodeSystem/audit-event-type";
    static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

    /** An organisation taking part, by identifier. */
    public record Party(String system, String value) {
    }

    private final ResourceStore store;
    private final Clock clock;
    private final String site;

    /** {@code instance}: the gateway process that records (AuditEvent.source.site), among several on one database. */
    public AuditTrail(ResourceStore store, Clock clock, GatewayInstance instance) {
        this.store = store;
        this.clock = clock;
        this.site = instance.name();
    }

    /** A consent decision: the rules, the consents and the legal basis behind it. */
    public void decision(String flow, String childId, Party source, Party recipient, boolean permit,
                         List<String> rules, List<String> consentRefs, String legalBasis, String code, String reason) {
        AuditEvent event = event(new Coding(EVENT_TYPE, "consent-decision", "Consent decision"), flow,
                AuditEvent.AuditEventAction.E, AuditEvent.AuditEventOutcome._0,
                (permit ? "permit" : "deny") + " " + code + " " + reason, childId, source, recipient);
        AuditEvent.AuditEventEntityComponent patient = event.getEntityFirstRep();
        patient.addDetail().setType("rules").setValue(new org.hl7.fhir.r4.model.StringType(String.join(",", rules)));
        if (legalBasis != null) {
            patient.addDetail().setType("legal-basis").setValue(new org.hl7.fhir.r4.model.StringType(legalBasis));
        }
        consentRefs.forEach(ref -> event.addEntity()
                .setWhat(new Reference(ref))
                .setType(new Coding("http://hl7.org/fhir/resource-types", "Consent", "Consent")));
        store.create(event, Indexes.of(event));
    }

    /** A delivery attempt of one child's data to a recipient, successful or not. */
    public void delivery(String flow, String childId, Party source, Party recipient, UUID deliveryId,
                         boolean delivered, String detail) {
        AuditEvent event = event(new Coding(DCM, "110106", "Export"), flow, AuditEvent.AuditEventAction.R,
                delivered ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._8,
                (delivered ? "delivered " : "delivery failed ") + detail, childId, source, recipient);
        event.addEntity()
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(Systems.DELIVERY_ID)
                        .setValue(deliveryId.toString())))
                .setType(new Coding("http://hl7.org/fhir/resource-types", "Bundle", "Bundle"));
        store.create(event, Indexes.of(event));
    }

    /**
     * An operator's decision to send a parked delivery again (the attempt that follows is decided and audited
     * like every other).
     */
    public void redrive(String flow, String childId, Party source, Party recipient, UUID deliveryId, String operator,
                        String previously) {
        AuditEvent event = event(new Coding(EVENT_TYPE, "redrive", "Delivery re-driven"), flow,
                AuditEvent.AuditEventAction.U, AuditEvent.AuditEventOutcome._0,
                "re-driven by " + operator + "; previously " + previously, childId, source, recipient);
        event.addAgent()
                .setType(new CodeableConcept(new Coding(PARTICIPATION, "AUT", "author (originator)")))
                .setWho(new Reference().setDisplay(operator))
                .setRequestor(true);
        event.getAgentFirstRep().setRequestor(false);
        event.addEntity()
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(Systems.DELIVERY_ID)
                        .setValue(deliveryId.toString())))
                .setType(new Coding("http://hl7.org/fhir/resource-types", "Bundle", "Bundle"));
        store.create(event, Indexes.of(event));
    }

    /** Who read over the loopback quick start, where there is no participant. */
    public static final String LOOPBACK = "loopback";
    static final String REST = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";

    /** A read (or a version history) of one of a child's registry entries: IHE BALP "Read". */
    public void read(String reader, String childId, String what, boolean history) {
        AuditEvent event = access(history ? "history-instance" : "read", AuditEvent.AuditEventAction.R, reader,
                childId, "IRCP", "information recipient");
        event.addEntity().setWhat(new Reference(what))
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
        store.create(event, Indexes.of(event));
    }

    /** A search of a child's registry entries: IHE BALP "Query", with the query as asked and how many were shown. */
    public void query(String reader, String childId, String type, String query, int shown) {
        AuditEvent event = access("search-type", AuditEvent.AuditEventAction.E, reader, childId, "IRCP",
                "information recipient");
        event.setOutcomeDesc("search of " + type + ": " + shown + " shown");
        event.addEntity()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                .setQuery(query == null ? null : query.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.create(event, Indexes.of(event));
    }

    /**
     * A write to a child's registry entries, with its author: the participant, and for an operator acting on a
     * family's request also the operator and the reason.
     */
    public void write(String author, String operator, String reason, String childId, String what, boolean update) {
        AuditEvent event = access(update ? "update" : "create",
                update ? AuditEvent.AuditEventAction.U : AuditEvent.AuditEventAction.C, author, childId, "AUT",
                "author (originator)");
        if (operator != null) {
            event.addAgent()
                    .setType(new CodeableConcept(new Coding(PARTICIPATION, "AUT", "author (originator)")))
                    .setWho(new Reference().setDisplay(operator)).setRequestor(true);
            event.getAgentFirstRep().setRequestor(false);
            event.setOutcomeDesc("by operator " + operator + (reason == null ? "" : "; reason: " + reason));
        }
        event.addEntity().setWhat(new Reference(what))
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
        store.create(event, Indexes.of(event));
    }

    /** An operator's extract of a child's whole trail (for the family, or the data protection officer). */
    public void extract(String operator, String childId) {
        AuditEvent event = access("search-type", AuditEvent.AuditEventAction.E, "gateway", childId, "IRCP",
                "information recipient");
        event.getAgentFirstRep().setWho(new Reference().setDisplay(operator));
        event.setOutcomeDesc("audit trail extract by operator " + operator);
        store.create(event, Indexes.of(event));
    }

    private AuditEvent access(String interaction, AuditEvent.AuditEventAction action, String who, String childId,
                              String role, String roleDisplay) {
        AuditEvent event = new AuditEvent();
        event.setType(new Coding(REST, "rest", "Restful Operation"));
        event.addSubtype(new Coding(INTERACTION, interaction, interaction));
        event.setAction(action);
        event.setRecorded(Date.from(clock.instant()));
        event.setOutcome(AuditEvent.AuditEventOutcome._0);
        event.addAgent()
                .setType(new CodeableConcept(new Coding(PARTICIPATION, role, roleDisplay)))
                .setWho(LOOPBACK.equals(who) || "gateway".equals(who) ? new Reference().setDisplay(who)
                        : organisation(party(who)))
                .setRequestor(true);
        event.getSource().setObserver(new Reference().setDisplay("Samverkan Gateway")).setSite(site);
        if (childId != null && PersonalIdentityNumber.problem(childId) == null) {
            event.addEntity()
                    .setWhat(new Reference().setType("Patient").setIdentifier(new Identifier()
                            .setSystem(Systems.identitySystem(PersonalIdentityNumber.parse(childId)))
                            .setValue(childId)))
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        return event;
    }

    private static Party party(String participant) {
        se.samverkan.gateway.consent.OrganisationId id = se.samverkan.gateway.consent.OrganisationId.ofParticipant(participant);
        return new Party(id.system(), id.value());
    }

    /** The child an audit event is about, if any. */
    public static String childOf(AuditEvent event) {
        return event.getEntity().stream().map(e -> e.getWhat().getIdentifier())
                .filter(id -> id.hasValue() && Systems.isIdentitySystem(id.getSystem()))
                .map(Identifier::getValue).findFirst().orElse(null);
    }

    private AuditEvent event(Coding type, String flow, AuditEvent.AuditEventAction action,
                             AuditEvent.AuditEventOutcome outcome, String description, String childId, Party source,
                             Party recipient) {
        AuditEvent event = new AuditEvent();
        event.setType(type);
        event.addSubtype(new Coding(Systems.FLOW, flow, null));
        event.setAction(action);
        event.setRecorded(Date.from(clock.instant()));
        event.setOutcome(outcome);
        event.setOutcomeDesc(description);
        event.addAgent()
                .setType(new CodeableConcept(new Coding(PARTICIPATION, "CST", "custodian")))
                .setWho(organisation(source))
                .setRequestor(true);
        event.addAgent()
                .setType(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient")))
                .setWho(organisation(recipient))
                .setRequestor(false);
        event.getSource().setObserver(new Reference().setDisplay("Samverkan Gateway")).setSite(site);
        if (childId == null) {
            // an anonymised payload (C7): the record is kept, about no one
            event.addEntity().setWhat(new Reference().setDisplay("anonymised (C7)"))
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"));
            return event;
        }
        event.addEntity()
                .setWhat(new Reference().setType("Patient").setIdentifier(new Identifier()
                        .setSystem(Systems.identitySystem(PersonalIdentityNumber.parse(childId)))
                        .setValue(childId)))
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        return event;
    }

    private static Reference organisation(Party party) {
        return new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(party.system()).setValue(party.value()));
    }
}
