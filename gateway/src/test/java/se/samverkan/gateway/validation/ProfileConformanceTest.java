package se.samverkan.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: for each profile in profiles/, examples that must pass and examples that must
 * fail (fixtures/profiles/PROFILE/fail-CASE.json with fail-CASE.expect naming the broken constraint).
 */
class ProfileConformanceTest {

    static final Path CASES = Path.of("src/test/resources/fixtures/profiles");
    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ProfileValidator VALIDATOR = ValidationFixtures.validator();

    static Stream<Path> examples(String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(CASES)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".json"))
                    .sorted().toList().stream();
        }
    }

    static Stream<Path> passing() throws IOException {
        return examples("pass-");
    }

    static Stream<Path> failing() throws IOException {
        return examples("fail-");
    }

    static IBaseResource read(Path file) throws IOException {
        return FHIR.newJsonParser().parseResource(Files.readString(file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passing")
    void aConformingExamplePasses(Path example) throws IOException {
        assertThat(VALIDATOR.errors(read(example))).as(CASES.relativize(example).toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void aBrokenExampleFailsOnTheConstraintItBreaks(Path example) throws IOException {
        String expected = Files.readString(Path.of(example.toString().replaceAll("\\.json$", ".expect"))).trim();
        List<ProfileValidator.Issue> errors = VALIDATOR.errors(read(example));
        assertThat(errors).as(CASES.relativize(example).toString())
                .anySatisfy(issue -> assertThat(issue.toString()).contains(expected));
    }

    @Test
    void everyProfileHasPassingAndFailingExamples() throws IOException {
        List<String> covered;
        try (Stream<Path> dirs = Files.list(CASES)) {
            covered = dirs.map(d -> d.getFileName().toString()).toList();
        }
        assertThat(VALIDATOR.profiles()).allSatisfy(url -> {
            String id = url.substring(url.lastIndexOf('/') + 1);
            if (!url.contains("/StructureDefinition/") || isExtension(id)) {
                return;
            }
            assertThat(covered).as("examples for " + id).contains(id);
            assertThat(Files.list(CASES.resolve(id)).map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("pass-")).anyMatch(n -> n.startsWith("fail-"));
        });
    }

    private static boolean isExtension(String id) {
        return java.util.Set.of("registration-municipality", "case-phase", "data-category", "de-identified",
                "sip-participation").contains(id) || id.startsWith("ext-");
    }
}
