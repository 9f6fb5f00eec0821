package se.samverkan.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;

/**
 * A property test of {@code POST /fhir/$consent-decision}: a few thousand Parameters bodies with parameters
 * missing, repeated, of the wrong type, empty or malformed (seeded, so a failure repeats), none of which may
 * answer 5xx. jqwik is not on this build's mirror; a seeded loop is the same property.
 */
class ConsentDecisionFuzzIT extends GatewayIntegrationTest {

    static final long SEED = 20261207L;
    static final int CASES = 2500;
    static final String[] NAMES = {"flow", "child", "source", "recipient", "category", "time", "protectedIdentity",
        "casePhase", "anonymised", "guardianFacing", "flagged", "unknown", ""};
    static final String CHILD = TestIds.pnr(LocalDate.of(2019, 3, 4), 871);

    @Test
    void noInputAnswers5xx() throws Exception {
        HttpClient client = https("bhv");
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES && failures.size() < 5; i++) {
            String body = random.nextInt(40) == 0 ? garbage(random) : parameters(random);
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create(baseUrl() + "/fhir/$consent-decision"))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                failures.add(response.statusCode() + " for " + body + "\n  -> " + response.body());
            }
        }
        assertThat(failures).isEmpty();
    }

    static String garbage(Random random) {
        String[] bodies = {"", "{", "[]", "null", "{\"resourceType\":\"Patient\"}", "{\"resourceType\":\"Parameters\","
            + "\"parameter\":{}}", "{\"resourceType\":\"Parameters\",\"parameter\":[null]}", "<Parameters/>",
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"flow\",\"valueCode\":\"F1\","
                + "\"valueString\":\"F2\"}]}"};
        return bodies[random.nextInt(bodies.length)];
    }

    /** A well-formed Parameters body whose parameters are drawn at random, mostly near the valid ones. */
    static String parameters(Random random) {
        List<String> parts = new ArrayList<>();
        boolean wellFormed = random.nextInt(3) > 0;
        for (String name : new String[] {"flow", "child", "source", "recipient"}) {
            int times = wellFormed ? (random.nextInt(10) == 0 ? random.nextInt(3) : 1) : random.nextInt(3);
            for (int t = 0; t < times; t++) {
                parts.add(parameter(name, random));
            }
        }
        int extra = random.nextInt(5);
        for (int e = 0; e < extra; e++) {
            parts.add(parameter(NAMES[random.nextInt(NAMES.length)], random));
        }
        java.util.Collections.shuffle(parts, random);
        return "{\"resourceType\":\"Parameters\",\"parameter\":[" + String.join(",", parts) + "]}";
    }

    static String parameter(String name, Random random) {
        String value = random.nextInt(4) == 0 ? anyValue(random) : goodValue(name, random);
        return "{\"name\":\"" + name + "\"" + (value.isEmpty() ? "" : "," + value) + "}";
    }

    static String goodValue(String name, Random random) {
        return switch (name) {
            case "flow" -> "\"valueCode\":\"" + pick(random, "F1", "F2", "F4", "F5", "F6", "f6", "F99", "", " ") + "\"";
            case "child" -> random.nextBoolean() ? identifier(Systems.PERSONNUMMER, pick(random, CHILD, "19121212121",
                    "abc", "")) : "\"valueIdentifier\":{\"value\":\"" + CHILD + "\"}";
            case "source" -> identifier(pick(random, Systems.HSA_ID, Systems.HSA_ID_RIVTA, "urn:x"),
                    pick(random, "SE2321000016-BHV1", "SE2321000016-BHV1", "SE0000000000-NONE", ""));
            case "recipient" -> identifier(pick(random, Systems.SKOLENHETSKOD, Systems.HSA_ID, Systems.KOMMUNKOD),
                    pick(random, "10000001", "SE2321000016-BUP1", "0180", "99999999", ""));
            case "category" -> "\"valueCode\":\"" + pick(random, "immunization", "summary", "psychosocial", "nope")
                    + "\"";
            case "time" -> "\"valueDateTime\":\"" + pick(random, "2026-11-23", "2026-11-23T08:00:00+01:00", "2026",
                    "2026-13-45", "yesterday", "") + "\"";
            case "casePhase" -> "\"valueCode\":\"" + pick(random, "voluntary", "report", "nope") + "\"";
            default -> "\"valueBoolean\":" + random.nextBoolean();
        };
    }

    static String anyValue(Random random) {
        return switch (random.nextInt(11)) {
            case 0 -> "";
            case 1 -> "\"valueString\":\"F1\"";
            case 2 -> "\"valueInteger\":" + random.nextInt();
            case 3 -> "\"valueBoolean\":true";
            case 4 -> "\"valueIdentifier\":{}";
            case 5 -> "\"valueCoding\":{\"system\":\"x\",\"code\":\"F1\"}";
            case 6 -> "\"resource\":{\"resourceType\":\"Patient\"}";
            case 7 -> "\"part\":[{\"name\":\"x\",\"valueString\":\"y\"}]";
            case 8 -> "\"valueDateTime\":\"2026-11-23\"";
            case 9 -> "\"valueReference\":{\"reference\":\"Patient/1\"}";
            default -> "\"valueCode\":\"\"";
        };
    }

    static String identifier(String system, String value) {
        return "\"valueIdentifier\":{\"system\":\"" + system + "\",\"value\":\"" + value + "\"}";
    }

    static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
