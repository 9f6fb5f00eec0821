package se.samverkan.gateway.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import se.samverkan.gateway.identity.Redaction;

/**
 * Validates resources against base FHIR R4 and the project's own profiles (profiles/, shipped in the
 * jar), in-process and without network. The chain is built once; build the validator at start-up and
 * {@link #warmUp()} it, since the first validation loads the whole specification (seconds).
 *
 * <p>A Bundle first meets a fast path ({@link FastPath}): when its shell and each entry have a shape HAPI
 * has already found valid, the values the shapes stand for pass stricter rules than HAPI's, and every
 * invariant holds, it is valid without a full validation (well under a millisecond per resource instead of
 * one to two). Anything else, and every resource that is not a Bundle, is validated by HAPI's
 * {@code FhirInstanceValidator}, whose messages are the ones reported; a Bundle HAPI finds valid teaches the
 * fast path its shapes. One instance serves any number of threads.
 */
public final class ProfileValidator {

    /** An error the validator found: where, and what (identity numbers and long digit runs redacted). */
    public record Issue(String location, String message) {
        @Override
        public String toString() {
            return location + ": " + message;
        }
    }

    /**
     * {@code profiles}: the fast path, then HAPI's verdict for anything it cannot vouch for. {@code naive}:
     * HAPI's {@code FhirInstanceValidator} called once per resource of a Bundle (warmed and shared, the same
     * profiles), the way a first pipeline would do it; only the cohort benchmark's baseline uses it.
     */
    public enum Mode { PROFILES, NAIVE }

    private final FhirContext fhir;
    private final FhirValidator validator;
    private final FastPath fast;
    private volatile Mode mode = Mode.PROFILES;
    private final java.util.Map<String, String> profileTypes = new java.util.TreeMap<>();

    public ProfileValidator(FhirContext fhir, String locationPattern) {
        this.fhir = fhir;
        PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(fhir);
        for (IBaseResource resource : load(locationPattern)) {
            if (resource instanceof StructureDefinition sd) {
                own.addStructureDefinition(sd);
                profileTypes.put(sd.getUrl(), sd.getType());
            } else if (resource instanceof CodeSystem cs) {
                own.addCodeSystem(cs);
            } else if (resource instanceof ValueSet vs) {
                own.addValueSet(vs);
            }
        }
        ValidationSupportChain chain = new ValidationSupportChain(
                own,
                new DefaultProfileValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir));
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setAnyExtensionsAllowed(false);
        // the validator's definitions (snapshots generated once, cached) are the ones the fast path reads
        WorkerContextValidationSupportAdapter definitions =
                WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(chain);
        module.setWrappedWorkerContext(chain, definitions);
        this.validator = fhir.newValidator().registerValidatorModule(module);
        this.fast = new FastPath(fhir, chain, definitions);
    }

    /** Sets how {@link #errors} validates; see {@link Mode}. */
    public ProfileValidator mode(Mode newMode) {
        this.mode = newMode;
        return this;
    }

    /** The canonical URLs of the StructureDefinitions loaded from the profiles folder. */
    public List<String> profiles() {
        return List.copyOf(profileTypes.keySet());
    }

    /** The profiles (not extensions) that constrain the resource type, by canonical URL. */
    public List<String> profilesOf(String resourceType) {
        return profileTypes.entrySet().stream().filter(e -> e.getValue().equals(resourceType))
                .map(java.util.Map.Entry::getKey).toList();
    }

    /** The resource types the profiles constrain. */
    public java.util.Set<String> profiledTypes() {
        return new java.util.TreeSet<>(profileTypes.values()).stream()
                .filter(t -> !t.equals("Extension")).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Every issue (errors, warnings, information) as an OperationOutcome, for $validate. Takes the
     * resource as sent (JSON or XML), so that what a parser would drop (an unknown code) is reported too.
     */
    public org.hl7.fhir.r4.model.OperationOutcome outcome(String resource) {
        org.hl7.fhir.r4.model.OperationOutcome outcome = new org.hl7.fhir.r4.model.OperationOutcome();
        for (SingleValidationMessage m : validator.validateWithResult(resource).getMessages()) {
            outcome.addIssue()
                    .setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.fromCode(m.getSeverity().getCode()))
                    .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics(redact(m.getMessage()))
                    .addExpression(m.getLocationString());
        }
        for (Issue unresolved : unresolvedReferences(resource)) {
            outcome.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
                    .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics(unresolved.message()).addExpression(unresolved.location());
        }
        if (outcome.getIssue().isEmpty()) {
            outcome.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.INFORMATIONAL)
                    .setDiagnostics("valid");
        }
        return outcome;
    }

    /** A Bundle's urn:uuid references that no entry carries, as full validation reports them (none if it does not parse). */
    private List<Issue> unresolvedReferences(String resource) {
        String text = resource.stripLeading();
        try {
            IBaseResource parsed = text.startsWith("<") ? fhir.newXmlParser().parseResource(text)
                    : fhir.newJsonParser().parseResource(text);
            return parsed instanceof Bundle bundle ? BundleReferences.unresolved(bundle) : List.of();
        } catch (RuntimeException unparsable) {
            return List.of(); // HAPI's own messages above say why
        }
    }

    /** The error-level issues; empty when the resource is valid. */
    public List<Issue> errors(IBaseResource resource) {
        if (mode == Mode.NAIVE) {
            return naiveErrors(resource);
        }
        if (resource instanceof Bundle bundle) {
            FastPath.Verdict verdict = fast.check(bundle);
            if (verdict.proven()) {
                return List.of();
            }
            List<Issue> errors = fullErrors(bundle);
            if (errors.isEmpty()) {
                verdict.learnable().ifPresent(fast::learn);
            }
            return errors;
        }
        return hapiErrors(resource);
    }

    /**
     * Full validation, what {@link #errors} finds without the fast path and the reference the fast path is held
     * to: HAPI's validator, and in a Bundle, every urn:uuid reference resolving to an entry ({@link BundleReferences}).
     */
    List<Issue> fullErrors(IBaseResource resource) {
        List<Issue> errors = hapiErrors(resource);
        if (resource instanceof Bundle bundle) {
            List<Issue> unresolved = BundleReferences.unresolved(bundle);
            if (!unresolved.isEmpty()) {
                errors = new ArrayList<>(errors);
                errors.addAll(unresolved);
            }
        }
        return errors;
    }

    /** HAPI's validator alone, as {@link #errors} did before the fast path. */
    List<Issue> hapiErrors(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(ProfileValidator::issue)
                .toList();
    }

    /** The naive baseline: HAPI on each resource of a Bundle on its own (no fast path, no Bundle at once). */
    private List<Issue> naiveErrors(IBaseResource resource) {
        if (!(resource instanceof Bundle bundle)) {
            return hapiErrors(resource);
        }
        List<Issue> errors = new ArrayList<>();
        bundle.getEntry().forEach(entry -> errors.addAll(hapiErrors(entry.getResource())));
        return errors;
    }

    /**
     * Loads the specification and the profiles by validating a small resource once, then a Bundle with a
     * resource claiming each profile: the first Bundle HAPI validates loads the definitions of its entries' types
     * and generates their profiles' snapshots (seconds), which belongs to the start, not to the first records of
     * a batch. The Bundle goes to HAPI alone and teaches the fast path nothing.
     */
    public void warmUp() {
        errors(new org.hl7.fhir.r4.model.Patient().setActive(true));
        hapiErrors(everyProfile());
    }

    private Bundle everyProfile() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        profileTypes.forEach((url, type) -> {
            if (fhir.getResourceTypes().contains(type)) {
                org.hl7.fhir.r4.model.Resource resource =
                        (org.hl7.fhir.r4.model.Resource) fhir.getResourceDefinition(type).newInstance();
                resource.getMeta().addProfile(url);
                bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(resource)
                        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(type);
            }
        });
        return bundle;
    }

    /** How Bundles have gone through the fast path so far, and how many shapes it knows. */
    public String fastPathReport() {
        FastPath.Counts c = fast.counts();
        return "fast path: " + c.proven() + " proven valid, " + c.unknownShape() + " with a new shape, "
                + c.unsupported() + " unsupported, " + c.invariantFailed() + " failing an invariant; "
                + fast.knownShapes() + " shapes known";
    }

    /** Whether the fast path alone proves the Bundle valid (nothing goes to HAPI, nothing is learnt). */
    boolean provenByFastPath(Bundle bundle) {
        return fast.check(bundle).proven();
    }

    /** The Bundle's shapes, one string, or empty when the fast path does not take it: to count shapes covered. */
    java.util.Optional<String> shapeOf(Bundle bundle) {
        return fast.shape(bundle);
    }

    FastPath.Counts fastPathCounts() {
        return fast.counts();
    }

    private static Issue issue(SingleValidationMessage m) {
        return new Issue(m.getLocationString(), redact(m.getMessage()));
    }

    /** Validator messages may quote element values: never let an identity number through. */
    static String redact(String message) {
        return message == null ? "" : Redaction.numbers(message);
    }

    private List<IBaseResource> load(String locationPattern) {
        try {
            List<IBaseResource> out = new ArrayList<>();
            for (Resource r : new PathMatchingResourcePatternResolver().getResources(locationPattern)) {
                try (InputStream in = r.getInputStream()) {
                    out.add(fhir.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profiles at " + locationPattern, e);
        }
    }
}
