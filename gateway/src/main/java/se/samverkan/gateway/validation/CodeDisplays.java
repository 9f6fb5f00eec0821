package se.samverkan.gateway.validation;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The displays of the project's own code systems, read from the CodeSystems published in profiles/ (the ones
 * the validators load), so that a mapper never types a display a second time: a validator compares a coding's
 * display with its CodeSystem's, and a display typed in code drifts from it (issue 17: flow F1). A code the
 * published CodeSystem does not have, or a system that is not published, is a programming error and fails at once.
 */
public final class CodeDisplays {

    private CodeDisplays() {
    }

    /** The display the published CodeSystem gives the code. */
    public static String of(String system, String code) {
        Map<String, String> concepts = Loaded.SYSTEMS.get(system);
        if (concepts == null) {
            throw new IllegalArgumentException("no CodeSystem " + system + " is published in profiles/");
        }
        String display = concepts.get(code);
        if (display == null) {
            throw new IllegalArgumentException("CodeSystem " + system + " has no code " + code + " with a display");
        }
        return display;
    }

    /** The published display, or empty when the system is not published or has no such code. */
    public static java.util.Optional<String> find(String system, String code) {
        Map<String, String> concepts = system == null ? null : Loaded.SYSTEMS.get(system);
        return concepts == null || code == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(concepts.get(code));
    }

    /** A coding with the published display. */
    public static Coding coding(String system, String code) {
        return new Coding(system, code, of(system, code));
    }

    /** Read once, on first use. */
    private static final class Loaded {
        static final Map<String, Map<String, String>> SYSTEMS = load();

        private static Map<String, Map<String, String>> load() {
            FhirContext fhir = FhirContext.forR4Cached();
            Map<String, Map<String, String>> systems = new HashMap<>();
            try {
                for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:profiles/CodeSystem-*.json")) {
                    try (InputStream in = r.getInputStream()) {
                        CodeSystem cs = fhir.newJsonParser().parseResource(CodeSystem.class, in);
                        Map<String, String> concepts = new HashMap<>();
                        collect(cs.getConcept(), concepts);
                        systems.put(cs.getUrl(), Map.copyOf(concepts));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the published CodeSystems", e);
            }
            return Map.copyOf(systems);
        }

        private static void collect(java.util.List<CodeSystem.ConceptDefinitionComponent> concepts, Map<String, String> out) {
            for (CodeSystem.ConceptDefinitionComponent c : concepts) {
                if (c.hasDisplay()) {
                    out.put(c.getCode(), c.getDisplay());
                }
                collect(c.getConcept(), out);
            }
        }
    }
}
