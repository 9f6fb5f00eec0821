package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.Communication;
import se.samverkan.gateway.validation.ProfileValidator;

/**
 * {@code POST /fhir/Communication}: a referral, feedback, information exchange, report of concern, consultation
 * or SIP notice (F2-F7) to route. The answer is an OperationOutcome with one issue per recipient; 201 when
 * anything was accepted for delivery, 200 when every recipient was held or refused.
 */
class CommunicationProvider implements IResourceProvider {

    private final CooperationFace face;
    private final FhirContext fhir;
    private final ProfileValidator validator;

    CommunicationProvider(CooperationFace face, FhirContext fhir, ProfileValidator validator) {
        this.face = face;
        this.fhir = fhir;
        this.validator = validator;
    }

    @Override
    public Class<Communication> getResourceType() {
        return Communication.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Communication communication, RequestDetails details) {
        List<RecipientOutcome> outcomes = face.route(communication, details);
        // the answer is the OperationOutcome, whatever the client prefers: the item itself is not kept here
        org.hl7.fhir.r4.model.OperationOutcome answer = Answers.of(outcomes);
        return new MethodOutcome().setCreated(Answers.anyAccepted(outcomes)).setOperationOutcome(answer)
                .setResource(answer);
    }

    @Validate
    public MethodOutcome validate(@ResourceParam String body) {
        return se.samverkan.gateway.fhir.FaceValidation.outcome(fhir, validator, body, Communication.class);
    }
}
