package se.samverkan.gateway.elevhalsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.gateway.validation.ProfileValidator;

/**
 * Golden files: fixtures/elevhalsa/mapping/CASE/input.xml (a batch of one record) maps to expected.json, the
 * resources as a JSON array, compared as JSON trees. Run with -Dgolden.update=true to rewrite the expected
 * files after a deliberate change (then review the diff before committing it).
 */
class ElevhalsaMapperGoldenTest {

    static final Path CASES = Path.of("src/test/resources/fixtures/elevhalsa/mapping");
    static final ElevhalsaReader READER = new ElevhalsaReader();
    static final ElevhalsaMapper MAPPER = new ElevhalsaMapper();
    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ObjectMapper JSON = new ObjectMapper();
    static final ProfileValidator PROFILES = new ProfileValidator(FHIR, "classpath*:profiles/*.json");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    static List<Resource> map(String name) throws Exception {
        Path input = CASES.resolve(name).resolve("input.xml");
        READER.validate(input);
        try (ElevhalsaBatch batch = READER.open(input)) {
            return MAPPER.map(batch.header(), batch.records().next());
        }
    }

    static String json(List<Resource> resources) throws IOException {
        ArrayNode array = JSON.createArrayNode();
        for (Resource resource : resources) {
            array.add(JSON.readTree(FHIR.newJsonParser().encodeResourceToString(resource)));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsTheRecordToTheGoldenResources(String name) throws Exception {
        String actual = json(map(name));
        Path expected = CASES.resolve(name).resolve("expected.json");
        if (Boolean.getBoolean("golden.update") || !Files.exists(expected)) {
            Files.writeString(expected, actual + "\n");
            fail("golden file written for " + name + ": review it, then run again");
        }
        JsonNode want = JSON.readTree(Files.readString(expected));
        assertThat(JSON.readTree(actual)).as("resources mapped from %s/input.xml", name).isEqualTo(want);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyMappedResourceConformsToItsProfile(String name) throws Exception {
        for (Resource resource : map(name)) {
            assertThat(resource.getMeta().getProfile()).as(resource.fhirType() + " claims a profile").hasSize(1);
            assertThat(PROFILES.errors(resource)).as(name + ": " + resource.fhirType()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mappingTwiceGivesTheSameResources(String name) throws Exception {
        assertThat(json(map(name))).isEqualTo(json(map(name)));
    }
}
