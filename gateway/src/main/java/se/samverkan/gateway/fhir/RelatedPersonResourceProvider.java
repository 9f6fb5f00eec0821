package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.annotation.Validate;
import se.samverkan.gateway.validation.ProfileValidator;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.registry.Indexes;
import se.samverkan.gateway.registry.ResourceStore;

/**
 * The child's guardians, which rule C4 reads: relationship GUARD, {@code active} while the guardian
 * has custody, {@code period} the period of custody.
 */
@Component
class RelatedPersonResourceProvider implements IResourceProvider {

    private final ResourceStore store;
    private final FhirContext fhir;
    private final ProfileValidator validator;
    private final StoredResources<RelatedPerson> people;

    RelatedPersonResourceProvider(ResourceStore store, FhirContext fhir, ProfileValidator validator) {
        this.store = store;
        this.fhir = fhir;
        this.validator = validator;
        this.people = new StoredResources<>(store, fhir, RelatedPerson.class);
    }

    /** $validate against the published profiles, without storing anything. */
    @Validate
    public MethodOutcome validate(@ResourceParam String body) {
        return ValidateOnlyProvider.Validation.outcome(fhir, validator, body, RelatedPerson.class);
    }

    @Override
    public Class<RelatedPerson> getResourceType() {
        return RelatedPerson.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam RelatedPerson person) {
        check(person);
        person.setId((String) null);
        FhirFace.mark(person);
        RelatedPerson saved = store.create(person, Indexes.of(person));
        return new MethodOutcome(saved.getIdElement(), true).setResource(saved);
    }

    @Read(version = true)
    public RelatedPerson read(@IdParam IdType id) {
        return people.read(id);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam RelatedPerson person) {
        check(person);
        FhirFace.mark(person);
        RelatedPerson saved = store.update(id.getIdPart(), person, Indexes.of(person));
        return new MethodOutcome(saved.getIdElement()).setResource(saved);
    }

    @History
    public List<RelatedPerson> history(@IdParam IdType id) {
        return people.history(id);
    }

    @Search
    public List<RelatedPerson> search(
            @OptionalParam(name = RelatedPerson.SP_PATIENT, chainWhitelist = {"identifier"}) ReferenceParam patient) {
        return people.search(patient, null, null);
    }

    private static void check(RelatedPerson person) {
        ConsentChecks.checkChild("RelatedPerson.patient", person.getPatient());
        if (!person.hasActive()) {
            throw Unprocessable.at("RelatedPerson.active", "GW-4006",
                    "required: true while the guardian has custody, false otherwise");
        }
    }
}
