package se.samverkan.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A longer campaign than {@link FastPathDifferentialTest}, too slow for every build (a minute or two): once
 * the fast path has learnt from part of a generated cohort, hundreds of random changes to other children
 * (awkward values of each primitive type, removed values, repeated items) are validated by both paths, and
 * the fast path must never prove valid a Bundle HAPI rejects.
 * {@code ./mvnw -pl gateway -am -Pbench test -Dtest=FastPathFuzzBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class FastPathFuzzBenchmark {

    static final String[] TEXT = {"", " x", "x ", "a\u0000b", "<x>", "a\u202Eb", "a\tb", "a\nb", "Å", "\u00a0x",
            "ok value", "a\uD800b", "urn:uuid:x", "1234567890", "x".repeat(70_000)};
    static final String[] DATE = {"1799-01-01", "2021-02-29", "2020-02-29", "2021", "2021-06", "2250-01-01",
            "1900-01-01", "2099-12-31", "0001-01-01", "2021-02-04T10:00:00+01:00"};
    static final String[] DATE_TIME = {"2021-02-04T10:00:00", "2021-02-04T10:00:00Z", "2021-02-04T10:00:00.123456789+01:00",
            "2021-02-04T24:00:00Z", "2021", "2021-02", "2021-02-04T10:00:60Z", "1799-02-04", "2150-01-01T00:00:00Z",
            "2021-02-04T10:00:00+14:00", "2021-02-04T10:00:00+14:30"};
    static final String[] DECIMAL = {"0", "-0", "1e5", "1.0000001", "123456789012345678901", "00.5", "0.000001", "-75.5", "75.50"};
    static final String[] ADDRESS = {"urn:uuid:00000000-0000-0000-0000-000000000000",
            "urn:uuid:ABCDEF00-0000-0000-0000-000000000000", "urn:uuid:x", "Patient/1", "#x", "http://example.org/Patient/1"};

    @Test
    void noRandomChangeHapiRejectsIsProvenValid() throws Exception {
        ProfileValidator validator = new ProfileValidator(ValidationFixtures.FHIR, "classpath*:profiles/*.json");
        validator.warmUp();
        List<Bundle> cohort = ValidationFixtures.cohort(400, 3);
        cohort.subList(0, 150).forEach(validator::errors);
        Random random = new Random(3);
        int rejected = 0;
        int proven = 0;
        for (int i = 0; i < 400; i++) {
            Bundle bundle = cohort.get(150 + random.nextInt(250)).copy();
            String change = change(bundle, random);
            long before = validator.fastPathCounts().proven();
            List<ProfileValidator.Issue> errors = validator.errors(bundle);
            boolean wasProven = validator.fastPathCounts().proven() > before;
            List<ProfileValidator.Issue> hapi = validator.hapiErrors(bundle);
            assertThat(errors).as(change + (wasProven ? " (proven)" : "")).isEqualTo(hapi);
            rejected += hapi.isEmpty() ? 0 : 1;
            proven += wasProven ? 1 : 0;
        }
        System.out.printf("%n[bench] 400 random changes: HAPI rejected %d, the fast path proved %d valid; %s%n",
                rejected, proven, validator.fastPathReport());
    }

    /** One random change; returns what it was. */
    static String change(Bundle bundle, Random random) {
        List<PrimitiveType<?>> values = new ArrayList<>();
        List<Object[]> lists = new ArrayList<>();
        collect(bundle, values, lists);
        switch (random.nextInt(4)) {
            case 0 -> {
                PrimitiveType<?> p = values.get(random.nextInt(values.size()));
                p.setValueAsString(null);
                return "removed a " + p.fhirType();
            }
            case 1 -> {
                Object[] list = lists.get(random.nextInt(lists.size()));
                BaseRuntimeChildDefinition child = (BaseRuntimeChildDefinition) list[1];
                List<IBase> items = child.getAccessor().getValues((Base) list[0]);
                Base item = (Base) items.get(random.nextInt(items.size()));
                if (item instanceof Resource) {
                    return "nothing";
                }
                child.getMutator().addValue((Base) list[0], item.copy());
                return "repeated a " + child.getElementName();
            }
            default -> {
                for (int attempt = 0; attempt < 20; attempt++) {
                    PrimitiveType<?> p = values.get(random.nextInt(values.size()));
                    String[] pool = switch (p.fhirType()) {
                        case "date" -> DATE;
                        case "dateTime", "instant" -> DATE_TIME;
                        case "decimal" -> DECIMAL;
                        case "uri" -> ADDRESS;
                        default -> random.nextInt(3) == 0 ? ADDRESS : TEXT;
                    };
                    String value = pool[random.nextInt(pool.length)];
                    try {
                        p.setValueAsString(value);
                        return p.fhirType() + " set to " + (value.length() > 40 ? value.substring(0, 40) + "..." : value);
                    } catch (RuntimeException notOfThatType) {
                        // the R4 model refuses some values outright: try another
                    }
                }
                return "nothing";
            }
        }
    }

    static void collect(Base node, List<PrimitiveType<?>> values, List<Object[]> lists) {
        if (node instanceof PrimitiveType<?> p) {
            values.add(p);
            return;
        }
        if (ValidationFixtures.FHIR.getElementDefinition(node.getClass()) instanceof BaseRuntimeElementCompositeDefinition<?> c) {
            for (BaseRuntimeChildDefinition child : c.getChildren()) {
                List<IBase> items = child.getAccessor().getValues(node);
                if (child.getMax() != 1 && !items.isEmpty() && !child.getElementName().equals("entry")) {
                    lists.add(new Object[] {node, child});
                }
                for (IBase item : items) {
                    collect((Base) item, values, lists);
                }
            }
        }
    }
}
