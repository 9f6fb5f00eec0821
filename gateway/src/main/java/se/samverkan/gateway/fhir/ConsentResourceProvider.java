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
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.registry.Indexes;
import se.samverkan.gateway.registry.ResourceStore;

/**
 * Consent on the FHIR face: create, read, version read, update, history, search by child
 * ({@code patient.identifier=system|value}), status and recipient ({@code recipient=system|value}),
 * and {@code $withdraw}. A withdrawal is an update to status inactive and takes effect at once (C5):
 * every delivery decides again right before it is made (C12).
 */
@Component
class ConsentResourceProvider implements IResourceProvider {

    private final ResourceStore store;
    private final FhirContext fhir;
    private final ProfileValidator validator;
    private final StoredResources<Consent> consents;
    private final org.springframework.context.ApplicationEventPublisher events;

    ConsentResourceProvider(ResourceStore store, FhirContext fhir, ProfileValidator validator,
                            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.fhir = fhir;
        this.validator = validator;
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
    public MethodOutcome create(@ResourceParam Consent consent) {
        ConsentChecks.check(consent);
        consent.setId((String) null);
        FhirFace.mark(consent);
        Consent saved = store.create(consent, Indexes.of(consent));
        se.samverkan.gateway.consent.ConsentEnded.ofRefusal(saved).ifPresent(events::publishEvent);
        return new MethodOutcome(saved.getIdElement(), true).setResource(saved);
    }

    @Read(version = true)
    public Consent read(@IdParam IdType id) {
        return consents.read(id);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Consent consent) {
        ConsentChecks.check(consent);
        FhirFace.mark(consent);
        Consent before = current(id);
        Consent saved = store.update(id.getIdPart(), consent, Indexes.of(consent));
        se.samverkan.gateway.consent.ConsentEnded.of(before, saved).ifPresent(events::publishEvent);
        return new MethodOutcome(saved.getIdElement()).setResource(saved);
    }

    @History
    public List<Consent> history(@IdParam IdType id) {
        return consents.history(id);
    }

    @Search
    public List<Consent> search(
            @OptionalParam(name = Consent.SP_PATIENT, chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = Consent.SP_STATUS) TokenParam status,
            @OptionalParam(name = "recipient") TokenParam recipient) {
        return consents.search(patient, status, recipient);
    }

    /** Withdraws the consent (status inactive) as a new version. */
    @Operation(name = "$withdraw")
    public Consent withdraw(@IdParam IdType id) {
        Consent consent = consents.read(id.toUnqualifiedVersionless());
        Consent before = consent.copy();
        consent.setStatus(Consent.ConsentState.INACTIVE);
        FhirFace.mark(consent);
        Consent saved = store.update(id.getIdPart(), consent, Indexes.of(consent));
        se.samverkan.gateway.consent.ConsentEnded.of(before, saved).ifPresent(events::publishEvent);
        return saved;
    }

    /** The stored version an update replaces; null when there is none (the update creates it). */
    private Consent current(IdType id) {
        try {
            return consents.read(id.toUnqualifiedVersionless());
        } catch (ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException e) {
            return null;
        }
    }
}
