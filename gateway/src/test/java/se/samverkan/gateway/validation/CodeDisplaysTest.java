package se.samverkan.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import se.samverkan.gateway.fhir.Systems;

/**
 * Issue 17: a coding of the project's own code systems carries its CodeSystem's display or none (the HL7 engine
 * rejects any other; flow F1 was written as "BHV-to-school transfer"), and every such code system is published.
 */
class CodeDisplaysTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ELEVHALSA = Path.of("src/test/resources/fixtures/elevhalsa/mapping");

    @Test
    void everyCodingOfTheProjectsCodeSystemsInTheGoldenFilesHasItsPublishedDisplay() throws Exception {
        List<Path> files = new ArrayList<>(ValidationFixtures.golden());
        try (Stream<Path> dirs = Files.list(ELEVHALSA)) {
            dirs.map(d -> d.resolve("expected.json")).filter(Files::exists).sorted().forEach(files::add);
        }
        List<String> seen = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode coding : codings(JSON.readTree(Files.readString(file)), new ArrayList<>())) {
                String system = coding.get("system").asText();
                if (!system.startsWith(Systems.CANONICAL_BASE + "/CodeSystem/")) {
                    continue;
                }
                String code = coding.get("code").asText();
                String published = CodeDisplays.of(system, code);
                seen.add(system + "#" + code);
                if (coding.has("display")) {
                    assertThat(coding.get("display").asText()).as(file + ": " + system + "#" + code).isEqualTo(published);
                }
            }
        }
        assertThat(seen).contains(Systems.FLOW + "#F1", Systems.FLOW + "#F6");
    }

    @Test
    void theFlowsAreNamedInFlowsYmlAsInTheirCodeSystem() throws IOException {
        Map<String, Object> yml;
        try (InputStream in = getClass().getResourceAsStream("/flows.yml")) {
            yml = new Yaml().load(in);
        }
        Map<String, Map<String, Object>> flows = find(yml);
        assertThat(flows).isNotEmpty();
        flows.forEach((id, flow) -> assertThat(flow.get("name")).as(id)
                .isEqualTo(CodeDisplays.of(Systems.FLOW, id.toUpperCase(java.util.Locale.ROOT))));
    }

    @Test
    void theNoticeCodeSystemIsPublishedWithTheCodesNoticesWrite() {
        assertThat(CodeDisplays.of(Systems.CANONICAL_BASE + "/CodeSystem/notice", "notice")).isEqualTo("notice from the gateway");
        assertThat(CodeDisplays.of(Systems.FLOW, "N1")).isNotBlank();
        assertThat(CodeDisplays.of(Systems.FLOW, "N2")).isNotBlank();
    }

    @Test
    void aCodeTheCodeSystemDoesNotHaveIsAProgrammingError() {
        assertThatThrownBy(() -> CodeDisplays.of(Systems.FLOW, "F9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CodeDisplays.of(Systems.CANONICAL_BASE + "/CodeSystem/none", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<JsonNode> codings(JsonNode node, List<JsonNode> out) {
        if (node.isObject() && node.has("system") && node.has("code")) {
            out.add(node);
        }
        node.forEach(child -> codings(child, out));
        return out;
    }

    /** The catalogue of flows (f1, f2, ..., n2), wherever flows.yml nests it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> find(Map<String, Object> node) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m && m.containsKey("f1")) {
                return (Map<String, Map<String, Object>>) m;
            }
            if (e.getValue() instanceof Map<?, ?> m) {
                Map<String, Map<String, Object>> found = find((Map<String, Object>) m);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return Map.of();
    }
}
