package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import se.samverkan.gateway.validation.ProfileValidator;

/** $validate as every provider of the FHIR face answers it, for providers outside this package. */
public final class FaceValidation {

    private FaceValidation() {
    }

    public static MethodOutcome outcome(FhirContext fhir, ProfileValidator validator, String body,
                                        Class<? extends IBaseResource> type) {
        return ValidateOnlyProvider.Validation.outcome(fhir, validator, body, type);
    }
}
