package se.samverkan.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.parser.IParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.fhir.Systems;

/**
 * The differential fuzz of issue 17: random changes to every kind of element of known-valid Bundles (values of
 * each primitive type, dates with and without zones, codes, fixed values, cardinalities by repeating or removing
 * items, identifiers, references, extensions). Whenever the fast path proves a changed Bundle valid, full
 * validation ({@link ProfileValidator#fullErrors}) must find no error; and the fast path must leave every Bundle as
 * it was. (When the fast path does not prove a Bundle, {@code errors} returns full validation's own verdict, so
 * only the proven ones can disagree: HAPI runs only for them.) The CI run uses the golden Bundles and the
 * conforming examples; {@link #aLongRunOverAGeneratedCohort} is the benchmark profile's larger run.
 */
class FastPathFuzzTest {

    static final String[] TEXT = {"", " x", "x ", "a\u0000b", "<x>", "a\u202Eb", "a\tb", "a\nb", "Å", "\u00a0x",
            "Testberg", "Alva Maria", "ok value", "a\uD800b", "urn:uuid:x", "1234567890", "x".repeat(70_000)};
    static final String[] DATE = {"1799-01-01", "2021-02-29", "2020-02-29", "2021", "2021-06", "2250-01-01",
            "1900-01-01", "2099-12-31", "0001-01-01", "2021-02-04T10:00:00+01:00", "2019-11-30"};
    static final String[] DATE_TIME = {"2021-02-04T10:00:00", "2021-02-04T10:00:00Z", "2021-02-04T10:00:00.123456789+01:00",
            "2021-02-04T24:00:00Z", "2021", "2021-02", "2021-02-04T10:00:60Z", "1799-02-04", "2150-01-01T00:00:00Z",
            "2021-02-04T10:00:00+14:00", "2021-02-04T10:00:00+14:30", "2026-06-01T08:15:00+02:00",
            "2028-01-01T23:30:00-05:00", "2028-01-02T04:30:00Z", "2020-01-01", "2030-12-31T23:59:59-12:00"};
    static final String[] DECIMAL = {"0", "-0", "1e5", "1.0000001", "123456789012345678901", "00.5", "0.000001", "-75.5",
            "75.50", "12.3", "120"};
    static final String[] CODE = {"", "F1", "F9", "final", "preliminary", "cm", "m", "kg", "8302-2", "12345-6", "SE",
            "official", "a b", "POST", "transaction"};
    static final String[] ADDRESS = {"urn:uuid:00000000-0000-0000-0000-000000000000",
            "urn:uuid:ABCDEF00-0000-0000-0000-000000000000", "urn:uuid:x", "Patient/1", "#x", "http://example.org/Patient/1"};
    static final String[] SYSTEMS = {Systems.PERSONNUMMER, Systems.HSA_ID, Systems.SKOLENHETSKOD, Systems.DELIVERY_ID,
            "urn:ietf:rfc:3986", "urn:ietf:rfc:4122", "https://tools.ietf.org/html/rfc4122", "urn:oid:1.2.3.4.5", "not a uri"};
    static final String[] IDENTIFIER_VALUES = {"202102049026", "not-a-uuid", "12345", "f81d4fae-7dec-41d0-a765-00a0c91e6bf6",
            "urn:uuid:f81d4fae-7dec-41d0-a765-00a0c91e6bf6", "urn:oid:1.2.752.29.4.19", "http://example.org/x", " x"};
    static final String[] EXTENSIONS = {Systems.REGISTRATION_MUNICIPALITY_EXT, Systems.DATA_CATEGORY_EXT,
            "http://example.org/unknown-extension"};

    record Outcome(int cases, int proven, int shapes) {
    }

    @Test
    void theFastPathNeverProvesAChangedBundleFullValidationRejectsNorChangesIt() throws Exception {
        ProfileValidator validator = new ProfileValidator(ValidationFixtures.FHIR, "classpath*:profiles/*.json");
        validator.warmUp();
        List<Bundle> seeds = new ArrayList<>();
        for (Path golden : ValidationFixtures.golden()) {
            seeds.add(ValidationFixtures.read(golden));
        }
        for (Path example : ValidationFixtures.examples("pass-")) {
            seeds.add(ValidationFixtures.inBundle(example));
        }
        Outcome outcome = run(validator, seeds, Integer.getInteger("fuzz.cases", 2000), 17);
        System.out.printf("%n[fuzz] %d cases over %d distinct shapes, %d proven by the fast path and confirmed by full"
                + " validation; %s%n", outcome.cases(), outcome.shapes(), outcome.proven(), validator.fastPathReport());
        assertThat(outcome.proven()).as("changes the fast path proved valid").isGreaterThan(outcome.cases() / 20);
    }

    /** {@code ./mvnw -pl gateway -am -Pbench test -Dtest=FastPathFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}. */
    @Test
    @Tag("bench")
    void aLongRunOverAGeneratedCohort() throws Exception {
        ProfileValidator validator = new ProfileValidator(ValidationFixtures.FHIR, "classpath*:profiles/*.json");
        validator.warmUp();
        Outcome outcome = run(validator, ValidationFixtures.cohort(60, 3), Integer.getInteger("fuzz.cases", 20_000), 3);
        System.out.printf("%n[bench] fuzz: %d cases over %d distinct shapes, %d proven and confirmed; %s%n",
                outcome.cases(), outcome.shapes(), outcome.proven(), validator.fastPathReport());
    }

    static Outcome run(ProfileValidator validator, List<Bundle> seeds, int cases, long seed) {
        IParser json = ValidationFixtures.FHIR.newJsonParser();
        for (Bundle s : seeds) {
            assertThat(validator.errors(s)).as("a seed is valid").isEmpty();
        }
        // each case starts from the seed parsed afresh, as the gateway meets a Bundle (a copy() keeps references
        // holding the seed's resource objects, which the fast path leaves to HAPI)
        List<String> encoded = seeds.stream().map(json::encodeResourceToString).toList();
        Random random = new Random(seed);
        Set<String> shapes = new HashSet<>();
        int proven = 0;
        for (int i = 0; i < cases; i++) {
            Bundle bundle = json.parseResource(Bundle.class, encoded.get(random.nextInt(encoded.size())));
            String change = change(bundle, random);
            String before;
            try {
                before = json.encodeResourceToString(bundle);
            } catch (RuntimeException unencodable) {
                continue; // a change the encoder refuses cannot be delivered: nothing to validate
            }
            validator.shapeOf(bundle).ifPresent(shapes::add);
            boolean wasProven = validator.provenByFastPath(bundle);
            assertThat(json.encodeResourceToString(bundle)).as(change + ": the fast path left the Bundle as it was")
                    .isEqualTo(before);
            if (wasProven) {
                proven++;
                assertThat(validator.fullErrors(bundle)).as(change + " (proven by the fast path)").isEmpty();
            }
        }
        return new Outcome(cases, proven, shapes.size());
    }

    /** One random change; returns what it was. */
    static String change(Bundle bundle, Random random) {
        List<PrimitiveType<?>> values = new ArrayList<>();
        List<Object[]> lists = new ArrayList<>();
        List<Element> elements = new ArrayList<>();
        collect(bundle, values, lists, elements);
        switch (random.nextInt(8)) {
            case 0 -> {
                PrimitiveType<?> p = values.get(random.nextInt(values.size()));
                p.setValueAsString(null);
                return "removed a " + p.fhirType();
            }
            case 1, 2 -> {
                Object[] list = lists.get(random.nextInt(lists.size()));
                Base parent = (Base) list[0];
                BaseRuntimeChildDefinition child = (BaseRuntimeChildDefinition) list[1];
                List<IBase> items = child.getAccessor().getValues(parent);
                Base item = (Base) items.get(random.nextInt(items.size()));
                if (item instanceof Resource) {
                    return "nothing";
                }
                if (random.nextBoolean()) {
                    child.getMutator().addValue(parent, item.copy());
                    return "repeated a " + child.getElementName();
                }
                int before = items.size();
                items.remove(item); // the accessor hands out the model's own list
                return child.getAccessor().getValues(parent).size() < before ? "removed a " + child.getElementName() : "nothing";
            }
            case 3 -> {
                Identifier id = new Identifier().setSystem(SYSTEMS[random.nextInt(SYSTEMS.length)])
                        .setValue(IDENTIFIER_VALUES[random.nextInt(IDENTIFIER_VALUES.length)]);
                List<Identifier> found = new ArrayList<>();
                for (Element e : elements) {
                    if (e instanceof Identifier i) {
                        found.add(i);
                    }
                }
                if (found.isEmpty()) {
                    return "nothing";
                }
                Identifier target = found.get(random.nextInt(found.size()));
                if (random.nextBoolean()) {
                    target.setSystem(id.getSystem());
                } else {
                    target.setValue(id.getValue());
                }
                return "identifier " + target.getSystem() + " " + target.getValue();
            }
            case 4 -> {
                List<Reference> refs = new ArrayList<>();
                for (Element e : elements) {
                    if (e instanceof Reference r && r.hasReference()) {
                        refs.add(r);
                    }
                }
                if (refs.isEmpty()) {
                    return "nothing";
                }
                Reference ref = refs.get(random.nextInt(refs.size()));
                String to = random.nextBoolean() ? bundle.getEntry().get(random.nextInt(bundle.getEntry().size())).getFullUrl()
                        : ADDRESS[random.nextInt(ADDRESS.length)];
                ref.setResource(null).setReference(to);
                return "reference to " + to;
            }
            case 5 -> {
                Element e = elements.get(random.nextInt(elements.size()));
                if (e instanceof org.hl7.fhir.r4.model.Extension ext && ext.hasValue()) {
                    return "nothing"; // an extension has a value or extensions, never both
                }
                String url = EXTENSIONS[random.nextInt(EXTENSIONS.length)];
                e.addExtension(url, random.nextBoolean() ? new Coding(Systems.KOMMUNKOD, "0180", null) : new StringType("x"));
                return "extension " + url + " on a " + e.fhirType();
            }
            default -> {
                for (int attempt = 0; attempt < 20; attempt++) {
                    PrimitiveType<?> p = values.get(random.nextInt(values.size()));
                    String[] pool = switch (p.fhirType()) {
                        case "date" -> DATE;
                        case "dateTime", "instant" -> DATE_TIME;
                        case "decimal" -> DECIMAL;
                        case "code" -> CODE;
                        case "uri", "url", "canonical" -> ADDRESS;
                        default -> random.nextInt(4) == 0 ? ADDRESS : TEXT;
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

    static void collect(Base node, List<PrimitiveType<?>> values, List<Object[]> lists, List<Element> elements) {
        if (node instanceof PrimitiveType<?> p) {
            values.add(p);
            return;
        }
        if (node instanceof Element e) {
            elements.add(e);
        }
        if (ValidationFixtures.FHIR.getElementDefinition(node.getClass()) instanceof BaseRuntimeElementCompositeDefinition<?> c) {
            for (BaseRuntimeChildDefinition child : c.getChildren()) {
                List<IBase> items = child.getAccessor().getValues(node);
                if (child.getMax() != 1 && !items.isEmpty() && !child.getElementName().equals("entry")
                        && !child.getElementName().equals("contained")) {
                    lists.add(new Object[] {node, child});
                }
                for (IBase item : items) {
                    collect((Base) item, values, lists, elements);
                }
            }
        }
    }
}
