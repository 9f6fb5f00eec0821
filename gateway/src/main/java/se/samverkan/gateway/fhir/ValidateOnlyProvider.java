package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import se.samverkan.gateway.validation.ProfileValidator;

/**
 * {@code POST /fhir/TYPE/$validate} for a resource type the gateway emits but does not store: lets an
 * integrator check a resource against the published profiles before building on them.
 */
final class ValidateOnlyProvider implements IResourceProvider {

    private final Class<? extends IBaseResource> type;
    private final FhirContext fhir;
    private final ProfileValidator validator;

    ValidateOnlyProvider(String typeName, FhirContext fhir, ProfileValidator validator) {
        this.type = fhir.getResourceDefinition(typeName).getImplementingClass();
        this.fhir = fhir;
        this.validator = validator;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return type;
    }

    @Validate
    public MethodOutcome validate(@ResourceParam String body) {
        return Validation.outcome(fhir, validator, body, type);
    }

    /** Shared by every provider's $validate. */
    static final class Validation {
        private Validation() {
        }

        static MethodOutcome outcome(FhirContext fhir, ProfileValidator validator, String body,
                                     Class<? extends IBaseResource> type) {
            boolean xml = body.trim().startsWith("<");
            IBaseResource resource;
            try {
                // lenient here: the parse only finds the resource; the validator reads the raw body
                resource = (xml ? fhir.newXmlParser() : fhir.newJsonParser())
                        .setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false))
                        .parseResource(body);
            } catch (RuntimeException e) {
                throw new InvalidRequestException("GW-4020 the body is not a FHIR resource");
            }
            String raw = body;
            // the operation's own form: Parameters with the resource in "resource" (validated as parsed,
            // so a value the parser cannot read is lost; send the resource itself to see those too)
            if (resource instanceof Parameters parameters && !Parameters.class.equals(type)) {
                resource = parameters.getParameter().stream().filter(p -> "resource".equals(p.getName()))
                        .map(Parameters.ParametersParameterComponent::getResource).findFirst().orElse(null);
                raw = resource == null ? null
                        : (xml ? fhir.newXmlParser() : fhir.newJsonParser()).encodeResourceToString(resource);
            }
            if (resource == null || !type.isInstance(resource)) {
                throw new InvalidRequestException("GW-4020 not a " + fhir.getResourceType(type) + " resource");
            }
            return new MethodOutcome().setOperationOutcome(validator.outcome(raw));
        }
    }
}
