package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.annotation.Validate;
import se.samverkan.gateway.validation.ProfileValidator;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import se.samverkan.gateway.access.Refusals;
import se.samverkan.gateway.consent.ConsentEnded;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.security.Callers;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.registry.ResourceStore;

/**
 * Consent on the FHIR face: create, read, version read, update, history, search by child
 * ({@code patient.identifier=system|value}), status and recipient ({@code recipient=system|value}),
 * and {@code $withdraw}. A withdrawal is an update to status inactive and takes effect at once (C5):
 * every delivery decides again right before it is made (C12). Who may do which is the access interceptors'
 * business (DOMAIN.md section 6): this provider fires the storage pointcuts they listen to. A consent recorded
 * through the face names its recorder in {@code organization} (the caller, when it names none).
 */
@Component
class ConsentResourceProvider implements IResourceProvider {

    private final FhirContext fhir;
    private final ProfileValidator validator;
    private final StoredResources<Consent> consents;
    private final RegistryWrites writes;
    private final se.samverkan.gateway.access.AccessPolicy access;
    private final org.springframework.context.ApplicationEventPublisher events;

    ConsentResourceProvider(ResourceStore store, FhirContext fhir, ProfileValidator validator, RegistryWrites writes,
                            se.samverkan.gateway.access.AccessPolicy access,
                            org.springframework.context.ApplicationEventPublisher events) {
        this.access = access;
        this.events = events;
        this.fhir = fhir;
        this.validator = validator;
        this.writes = writes;
        this.consents = new StoredResources<>(store, fhir, Consent.class);
    }

    /** $validate against the published profiles, without storing anything. */
    @Validate
    public MethodOutcome validate(@ResourceParam String body) {
        return ValidateOnlyProvider.Validation.outcome(fhir, validator, body, Consent.class);
    }

    @Override
    public Class<Consent> getResourceType() {
        return Consent.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Consent consent, RequestDetails request) {
        ConsentChecks.check(consent);
        // the recorder is named by identifier, so that the decision can tell whether it is a party to a flow
        Callers.of(request).filter(caller -> !access.recordsIt(caller, consent))
                .ifPresent(caller -> consent.addOrganization(OrganisationId.ofParticipant(caller.id()).reference()));
        Consent saved = writes.create(request, consent);
        ConsentEnded.ofRefusal(saved).ifPresent(events::publishEvent);
        return new MethodOutcome(saved.getIdElement(), true).setResource(saved);
    }

    @Read(version = true)
    public Consent read(@IdParam IdType id, RequestDetails request) {
        return consents.read(id, request);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Consent consent, RequestDetails request) {
        ConsentChecks.check(consent);
        Consent before = consents.current(id.getIdPart());
        staysWithdrawn(before, consent);
        Consent saved = writes.update(request, id, before, consent);
        ConsentEnded.of(before, saved).ifPresent(events::publishEvent);
        return new MethodOutcome(saved.getIdElement()).setResource(saved);
    }

    @History
    public List<Consent> history(@IdParam IdType id, RequestDetails request) {
        return consents.history(id, request);
    }

    @Search
    public List<Consent> search(
            @OptionalParam(name = Consent.SP_PATIENT, chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = Consent.SP_STATUS) TokenParam status,
            @OptionalParam(name = "recipient") TokenParam recipient,
            RequestDetails request) {
        return consents.search(patient, status, recipient, request);
    }

    /** Withdraws the consent (status inactive) as a new version. */
    @Operation(name = "$withdraw")
    public Consent withdraw(@IdParam IdType id, RequestDetails request) {
        Consent before = consents.current(id.getIdPart());
        if (before == null) {
            throw Refusals.notFound(request, id);
        }
        Consent consent = before.copy();
        consent.setStatus(Consent.ConsentState.INACTIVE);
        Consent saved = writes.update(request, id.toUnqualifiedVersionless(), before, consent);
        ConsentEnded.of(before, saved).ifPresent(events::publishEvent);
        return saved;
    }

    /**
     * A withdrawn consent stays withdrawn (C5): making it active again would revive a permit the family ended,
     * whatever version the update was made against. A new consent is a new Consent.
     */
    private static void staysWithdrawn(Consent before, Consent after) {
        if (before != null && before.getStatus() == Consent.ConsentState.INACTIVE
                && after.getStatus() == Consent.ConsentState.ACTIVE) {
            throw new ResourceVersionConflictException(Refusals.STAYS_WITHDRAWN + " Consent.status: a withdrawn"
                    + " consent cannot be made active again; record a new Consent");
        }
    }
}
