package se.samverkan.gateway.validation;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** HAPI's validator exactly as ProfileValidator built it before it had a fast path, for comparison. */
final class PlainHapi {

    private PlainHapi() {
    }

    static FhirValidator validator() throws IOException {
        return validator(null);
    }

    /** The same, with another policy advisor than HAPI's default (null: the default). */
    static FhirValidator validator(org.hl7.fhir.r5.utils.validation.IValidationPolicyAdvisor advisor) throws IOException {
        var fhir = ValidationFixtures.FHIR;
        PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(fhir);
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:profiles/*.json")) {
            try (InputStream in = r.getInputStream()) {
                IBaseResource resource = fhir.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (resource instanceof StructureDefinition sd) {
                    own.addStructureDefinition(sd);
                } else if (resource instanceof CodeSystem cs) {
                    own.addCodeSystem(cs);
                } else if (resource instanceof ValueSet vs) {
                    own.addValueSet(vs);
                }
            }
        }
        ValidationSupportChain chain = new ValidationSupportChain(own, new DefaultProfileValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir));
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setAnyExtensionsAllowed(false);
        if (advisor != null) {
            module.setValidatorPolicyAdvisor(advisor);
        }
        return fhir.newValidator().registerValidatorModule(module);
    }

    /** The error-level issues, as ProfileValidator reports them. */
    static List<ProfileValidator.Issue> errors(FhirValidator validator, IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> new ProfileValidator.Issue(m.getLocationString(), ProfileValidator.redact(m.getMessage())))
                .toList();
    }
}
