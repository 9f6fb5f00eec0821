package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import se.samverkan.gateway.fhir.FaceValidation;
import se.samverkan.gateway.validation.ProfileValidator;

/**
 * {@code POST /fhir/Communication} (a referral, feedback, information exchange, report of concern, consultation
 * or SIP notice, F2-F6) and {@code POST /fhir/CarePlan} (a SIP, F7, new or a new version of the plan): routed, and
 * answered with an OperationOutcome with one issue per recipient; 201 when anything was accepted for delivery, 200
 * when every recipient was held or refused. The item itself is not kept here: recipients keep it.
 */
class RoutingProvider<T extends DomainResource> implements IResourceProvider {

    private final Class<T> type;
    private final CooperationFace face;
    private final FhirContext fhir;
    private final ProfileValidator validator;

    RoutingProvider(Class<T> type, CooperationFace face, FhirContext fhir, ProfileValidator validator) {
        this.type = type;
        this.face = face;
        this.fhir = fhir;
        this.validator = validator;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    @Create
    public MethodOutcome create(@ResourceParam DomainResource item, RequestDetails details) {
        List<RecipientOutcome> outcomes = face.route(item, details);
        // the answer is the OperationOutcome, whatever the client prefers
        OperationOutcome answer = Answers.of(outcomes);
        return new MethodOutcome().setCreated(Answers.anyAccepted(outcomes)).setOperationOutcome(answer)
                .setResource(answer);
    }

    @Validate
    public MethodOutcome validate(@ResourceParam String body) {
        return FaceValidation.outcome(fhir, validator, body, type);
    }
}
