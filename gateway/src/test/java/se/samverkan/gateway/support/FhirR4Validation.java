package se.samverkan.gateway.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Validates against the base FHIR R4 specification, in-process; built once per test JVM. */
public final class FhirR4Validation {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static volatile FhirValidator validator;

    private FhirR4Validation() {
    }

    private static FhirValidator validator() {
        if (validator == null) {
            synchronized (FhirR4Validation.class) {
                if (validator == null) {
                    ValidationSupportChain chain = new ValidationSupportChain(
                            new DefaultProfileValidationSupport(FHIR),
                            new SnapshotGeneratingValidationSupport(FHIR),
                            new InMemoryTerminologyServerValidationSupport(FHIR),
                            new CommonCodeSystemsTerminologyService(FHIR));
                    FhirValidator v = FHIR.newValidator();
                    FhirInstanceValidator module = new FhirInstanceValidator(chain);
                    module.setAnyExtensionsAllowed(true);
                    v.registerValidatorModule(module);
                    validator = v;
                }
            }
        }
        return validator;
    }

    /** The error-level messages, each with its location; empty when the resource is valid R4. */
    public static List<String> errors(IBaseResource resource) {
        ValidationResult result = validator().validateWithResult(resource);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .toList();
    }

    public static List<String> errors(String json) {
        return errors(FHIR.newJsonParser().parseResource(json));
    }
}
