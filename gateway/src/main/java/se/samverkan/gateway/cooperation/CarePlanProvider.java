package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import se.samverkan.gateway.validation.ProfileValidator;

/**
 * {@code POST /fhir/CarePlan}: a SIP (F7), new or a new version of a plan (the same record-id identifier). It goes
 * to every principal in the plan but the sender and to no one else; a principal removed from the plan gets
 * nothing further. The answer is an OperationOutcome with one issue per principal.
 */
class CarePlanProvider implements IResourceProvider {

    private final CooperationFace face;
    private final FhirContext fhir;
    private final ProfileValidator validator;

    CarePlanProvider(CooperationFace face, FhirContext fhir, ProfileValidator validator) {
        this.face = face;
        this.fhir = fhir;
        this.validator = validator;
    }

    @Override
    public Class<CarePlan> getResourceType() {
        return CarePlan.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam CarePlan plan, RequestDetails details) {
        List<RecipientOutcome> outcomes = face.route(plan, details);
        // the answer is the OperationOutcome, whatever the client prefers: the item itself is not kept here
        org.hl7.fhir.r4.model.OperationOutcome answer = Answers.of(outcomes);
        return new MethodOutcome().setCreated(Answers.anyAccepted(outcomes)).setOperationOutcome(answer)
                .setResource(answer);
    }

    @Validate
    public MethodOutcome validate(@ResourceParam String body) {
        return se.samverkan.gateway.fhir.FaceValidation.outcome(fhir, validator, body, CarePlan.class);
    }
}
