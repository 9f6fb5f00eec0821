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
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.registry.ResourceStore;

/**
 * The child's guardians, which rule C4 reads: relationship GUARD, {@code active} while the guardian
 * has custody, {@code period} the period of custody.
 */
@Component
class RelatedPersonResourceProvider implements IResourceProvider {

    private final FhirContext fhir;
    private final ProfileValidator validator;
    private final StoredResources<RelatedPerson> people;
    private final RegistryWrites writes;

    RelatedPersonResourceProvider(ResourceStore store, FhirContext fhir, ProfileValidator validator,
                                  RegistryWrites writes) {
        this.writes = writes;
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
    public MethodOutcome create(@ResourceParam RelatedPerson person, RequestDetails request) {
        check(person);
        RelatedPerson saved = writes.create(request, person);
        return new MethodOutcome(saved.getIdElement(), true).setResource(saved);
    }

    @Read(version = true)
    public RelatedPerson read(@IdParam IdType id, RequestDetails request) {
        return people.read(id, request);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam RelatedPerson person, RequestDetails request) {
        check(person);
        RelatedPerson saved = writes.update(request, id, people.current(id.getIdPart()), person);
        return new MethodOutcome(saved.getIdElement()).setResource(saved);
    }

    @History
    public List<RelatedPerson> history(@IdParam IdType id, RequestDetails request) {
        return people.history(id, request);
    }

    @Search
    public List<RelatedPerson> search(
            @OptionalParam(name = RelatedPerson.SP_PATIENT, chainWhitelist = {"identifier"}) ReferenceParam patient,
            RequestDetails request) {
        return people.search(patient, null, null, request);
    }

    private static void check(RelatedPerson person) {
        ConsentChecks.checkChild("RelatedPerson.patient", person.getPatient());
        if (!person.hasActive()) {
            throw Unprocessable.at("RelatedPerson.active", "GW-4006",
                    "required: true while the guardian has custody, false otherwise");
        }
    }
}
