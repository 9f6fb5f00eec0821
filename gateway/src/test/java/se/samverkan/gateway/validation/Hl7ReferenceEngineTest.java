package se.samverkan.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The second, independent oracle (issue 17): the HL7 reference engine ({@link Hl7Engine}), offline, with the
 * published profiles, finds no error in what the gateway delivers (the golden Bundles of flow F1, the golden
 * resources of flows F2-F7, a generated cohort) nor in the conforming examples of the conformance suite, and an
 * error in every broken one. Errors it can only judge with a terminology server are excused, each with its reason
 * ({@link #EXCUSED}); every other error fails the test.
 */
class Hl7ReferenceEngineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ELEVHALSA = Path.of("src/test/resources/fixtures/elevhalsa/mapping");

    /** An error the engine gives because it has no terminology server, and why. */
    record Excuse(Pattern message, String reason) {
    }

    static final List<Excuse> EXCUSED = List.of(
            new Excuse(Pattern.compile("^Constraint failed: samverkan-(growth-2|screen-1):"),
                    "memberOf() of a LOINC code: the engine looks the code up in LOINC itself, which only a terminology"
                            + " server has (the value sets are enumerated; HAPI checks membership without LOINC)"),
            new Excuse(Pattern.compile("MimeType|mimetypes|urn:ietf:bcp:13"),
                    "Attachment.contentType is bound (required) to MimeType, BCP 13, a code system only a terminology"
                            + " server has"));

    static Hl7Engine engine;
    static final Map<String, Integer> excusedCount = new TreeMap<>();
    static int resources;

    @BeforeAll
    static void load() throws IOException {
        engine = new Hl7Engine();
    }

    @AfterAll
    static void report() {
        System.out.printf("%n[hl7] the HL7 engine validated %d resources and Bundles; excused (no terminology server): %s%n",
                resources, excusedCount);
    }

    @Test
    void theGoldenTransferBundlesHaveNoError() throws IOException {
        Map<String, List<String>> found = new TreeMap<>();
        for (Path golden : ValidationFixtures.golden()) {
            collect(found, golden.toString(), errors(Files.readString(golden)));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theGoldenResourcesOfFlowsF2ToF7HaveNoError() throws IOException {
        List<Path> goldens;
        try (Stream<Path> dirs = Files.list(ELEVHALSA)) {
            goldens = dirs.map(d -> d.resolve("expected.json")).filter(Files::exists).sorted().toList();
        }
        assertThat(goldens).isNotEmpty();
        Map<String, List<String>> found = new TreeMap<>();
        for (Path golden : goldens) {
            // each golden file is the list of resources the mapper makes of one record
            for (JsonNode resource : JSON.readTree(Files.readString(golden))) {
                collect(found, golden + " " + resource.get("resourceType").asText(), errors(resource.toString()));
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theConformingExamplesInABundleHaveNoError() throws IOException {
        Map<String, List<String>> found = new TreeMap<>();
        for (Path example : ValidationFixtures.examples("pass-")) {
            Bundle bundle = ValidationFixtures.inBundle(example);
            collect(found, example.toString(), errors(ValidationFixtures.FHIR.newJsonParser().encodeResourceToString(bundle)));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void everyBrokenExampleHasAnError() throws IOException {
        List<String> missed = new ArrayList<>();
        for (Path example : ValidationFixtures.examples("fail-")) {
            Bundle bundle = ValidationFixtures.inBundle(example);
            String expected = ValidationFixtures.expected(example);
            List<ValidationMessage> all = engine.validate(ValidationFixtures.FHIR.newJsonParser().encodeResourceToString(bundle));
            resources++;
            boolean named = all.stream().filter(Hl7ReferenceEngineTest::isError).anyMatch(m -> m.getMessage().contains(expected));
            if (!named && unexcused(all).isEmpty()) {
                missed.add(example + " (" + expected + ")");
            }
        }
        assertThat(missed).as("broken examples the engine finds no error in").isEmpty();
    }

    @Test
    void childrenOfAGeneratedCohortHaveNoError() throws Exception {
        Map<String, List<String>> found = new TreeMap<>();
        List<Bundle> cohort = ValidationFixtures.cohort(6, 7);
        for (int i = 0; i < cohort.size(); i++) {
            collect(found, "child " + i, errors(ValidationFixtures.FHIR.newJsonParser().encodeResourceToString(cohort.get(i))));
        }
        assertThat(found).isEmpty();
    }

    /** Issue 17's "done when": 300 children (minutes): {@code -Pbench -Dtest=Hl7ReferenceEngineTest}. */
    @Test
    @Tag("bench")
    void threeHundredChildrenHaveNoError() throws Exception {
        Map<String, List<String>> found = new TreeMap<>();
        List<Bundle> cohort = ValidationFixtures.cohort(300, 17);
        for (int i = 0; i < cohort.size(); i++) {
            collect(found, "child " + i, errors(ValidationFixtures.FHIR.newJsonParser().encodeResourceToString(cohort.get(i))));
        }
        assertThat(found).isEmpty();
    }

    private static void collect(Map<String, List<String>> found, String what, List<String> errors) {
        if (!errors.isEmpty()) {
            found.put(what, errors);
        }
    }

    /** The engine's errors that a terminology server is not needed for, as "location: message". */
    static List<String> errors(String json) {
        resources++;
        return unexcused(engine.validate(json));
    }

    private static List<String> unexcused(List<ValidationMessage> messages) {
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : messages) {
            if (!isError(m)) {
                continue;
            }
            Excuse excuse = EXCUSED.stream().filter(e -> e.message().matcher(m.getMessage()).find()).findFirst().orElse(null);
            if (excuse == null) {
                out.add(m.getLocation() + ": " + ProfileValidator.redact(m.getMessage()));
            } else {
                excusedCount.merge(excuse.message().pattern(), 1, Integer::sum);
            }
        }
        return out;
    }

    private static boolean isError(ValidationMessage m) {
        return m.getLevel() == IssueSeverity.ERROR || m.getLevel() == IssueSeverity.FATAL;
    }
}
