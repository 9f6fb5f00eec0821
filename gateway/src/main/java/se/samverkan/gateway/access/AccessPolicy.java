package se.samverkan.gateway.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.consent.ConsentRegistry;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.registry.StoredResource;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.routing.ParticipantRegistry;

/**
 * Who may see and change what (DOMAIN.md section 6), decided in this one place for the FHIR face's interceptors:
 * <ul>
 * <li>a Consent: written only by the participant that recorded it (its {@code organization}); read by that
 * participant and by the participants its provisions name (source, recipient), whatever identifier names them;</li>
 * <li>a guardian (RelatedPerson): written only by the participant that recorded it; read by that participant and
 * by those that rely on it for the child (that recorded or are named in a consent about the child);</li>
 * <li>an AuditEvent: never written from outside; read where the participant took part (source, recipient,
 * the reader of a read).</li>
 * </ul>
 */
@Component
public class AccessPolicy {

    private final ParticipantRegistry participants;
    private final ConsentRegistry registry;

    public AccessPolicy(ParticipantRegistry participants, ConsentRegistry registry) {
        this.participants = participants;
        this.registry = registry;
    }

    /** Whether the participant may see the resource. Types the registry does not keep are not its business. */
    /** Whether the participant is among the organisations the consent names as its recorder. */
    public boolean recordsIt(Participant caller, Consent consent) {
        return consent.getOrganization().stream().anyMatch(org -> is(caller, org));
    }

    public boolean mayRead(Participant caller, IBaseResource resource) {
        if (resource instanceof Consent consent) {
            return recordedBy(caller, consent) || names(caller, consent);
        }
        if (resource instanceof RelatedPerson guardian) {
            return recordedBy(caller, guardian) || reliesOn(caller, guardian);
        }
        if (resource instanceof AuditEvent event) {
            return event.getAgent().stream().map(AuditEvent.AuditEventAgentComponent::getWho)
                    .anyMatch(who -> is(caller, who));
        }
        return true;
    }

    /**
     * Why the participant may not write this version (empty: it may). A stored resource carries who recorded it;
     * a Consent's {@code organization} must be the writer too. The audit trail is the gateway's alone.
     */
    public Optional<String> mayWrite(Participant caller, IBaseResource resource) {
        if (resource instanceof AuditEvent) {
            return Optional.of("the audit trail is written by the gateway only");
        }
        if (!(resource instanceof Consent) && !(resource instanceof RelatedPerson)) {
            return Optional.empty();
        }
        Object recorder = ((org.hl7.fhir.r4.model.Resource) resource).getUserData(StoredResource.RECORDED_BY);
        if (recorder != null && !caller.id().equals(recorder)) {
            return Optional.of("only the organisation that recorded it may change it");
        }
        if (recorder == null && ((org.hl7.fhir.r4.model.Resource) resource).hasId()) {
            return Optional.of("recorded before the gateway kept who records what: only an operator may change it");
        }
        if (resource instanceof Consent consent && consent.getOrganization().stream()
                .anyMatch(org -> namesAnother(caller, org))) {
            return Optional.of("Consent.organization must be the organisation that records it");
        }
        return Optional.empty();
    }

    private static boolean recordedBy(Participant caller, org.hl7.fhir.r4.model.Resource resource) {
        return caller.id().equals(resource.getUserData(StoredResource.RECORDED_BY));
    }

    private boolean names(Participant caller, Consent consent) {
        return consent.getOrganization().stream().anyMatch(org -> is(caller, org))
                || actors(consent.getProvision()).anyMatch(actor -> is(caller, actor));
    }

    private static Stream<Reference> actors(Consent.ProvisionComponent provision) {
        return Stream.concat(provision.getActor().stream().map(Consent.provisionActorComponent::getReference),
                provision.getProvision().stream().flatMap(AccessPolicy::actors));
    }

    /** A participant relies on a guardian's custody when it recorded, or is named in, a consent about the child. */
    private boolean reliesOn(Participant caller, RelatedPerson guardian) {
        Identifier child = guardian.getPatient().getIdentifier();
        if (child == null || PersonalIdentityNumber.problem(child.getValue()) != null) {
            return false;
        }
        List<Consent> consents = registry.consentsFor(PersonalIdentityNumber.parse(child.getValue()));
        return consents.stream().anyMatch(c -> recordedBy(caller, c) || names(caller, c));
    }

    /** Whether a reference names a registered participant other than this one. */
    private boolean namesAnother(Participant caller, Reference reference) {
        if (reference == null || !reference.hasIdentifier()) {
            return false;
        }
        Identifier id = reference.getIdentifier();
        return participants.resolve(id.getSystem(), id.getValue()).filter(p -> !p.id().equals(caller.id()))
                .isPresent();
    }

    /** Whether a reference names this participant by any of its identifiers. */
    boolean is(Participant caller, Reference reference) {
        if (reference == null || !reference.hasIdentifier()) {
            return false;
        }
        Identifier id = reference.getIdentifier();
        return participants.resolve(id.getSystem(), id.getValue()).map(Participant::id)
                .filter(found -> Objects.equals(found, caller.id())).isPresent();
    }
}
