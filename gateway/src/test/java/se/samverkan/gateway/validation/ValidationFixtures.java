package se.samverkan.gateway.validation;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.bhv.BhvBatch;
import se.samverkan.gateway.bhv.BhvBatchReader;
import se.samverkan.gateway.bhv.BhvRecord;
import se.samverkan.gateway.bhv.TransferContext;
import se.samverkan.gateway.bhv.TransferMapper;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.mapping.VaccineCodes;
import se.samverkan.gateway.tools.CohortGenerator;

/** The Bundles validation is measured and checked on: golden files, conformance examples, generated children. */
final class ValidationFixtures {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final Path EXAMPLES = Path.of("src/test/resources/fixtures/profiles");
    static final Path GOLDEN = Path.of("src/test/resources/fixtures/bhv/mapping");
    private static final Pattern UUID_REFERENCE = Pattern.compile("\"(urn:uuid:[0-9a-f-]{36})\"");

    private static ProfileValidator shared;

    private ValidationFixtures() {
    }

    /** One validator for the test classes that only need one: building and warming one takes seconds. */
    static synchronized ProfileValidator validator() {
        if (shared == null) {
            shared = new ProfileValidator(FHIR, "classpath*:profiles/*.json");
            shared.warmUp();
        }
        return shared;
    }

    static List<Path> golden() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.map(d -> d.resolve("expected.json")).sorted().toList();
        }
    }

    static Bundle read(Path file) throws IOException {
        return FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(file));
    }

    static List<Path> examples(String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".json"))
                    .sorted().toList();
        }
    }

    static String expected(Path failExample) throws IOException {
        return Files.readString(Path.of(failExample.toString().replaceAll("\\.json$", ".expect"))).trim();
    }

    /**
     * A conformance example as the gateway would send it: in a transaction Bundle, with the golden resources
     * it refers to by urn:uuid, so that its references resolve as they do in a real transfer.
     */
    static Bundle inBundle(Path example) throws IOException {
        String json = Files.readString(example);
        Map<String, Resource> golden = goldenResources();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String own = "urn:uuid:" + UUID.nameUUIDFromBytes(EXAMPLES.relativize(example).toString()
                .getBytes(StandardCharsets.UTF_8));
        add(bundle, own, (Resource) FHIR.newJsonParser().parseResource(json));
        Matcher m = UUID_REFERENCE.matcher(json);
        while (m.find()) {
            String url = m.group(1);
            if (golden.containsKey(url) && bundle.getEntry().stream().noneMatch(e -> e.getFullUrl().equals(url))) {
                add(bundle, url, golden.get(url));
            }
        }
        return bundle;
    }

    private static Map<String, Resource> goldenResources;

    /** The resources of the golden Bundles by fullUrl, read once (the Bundles built from them do not change them). */
    private static synchronized Map<String, Resource> goldenResources() throws IOException {
        if (goldenResources == null) {
            Map<String, Resource> all = new LinkedHashMap<>();
            for (Path g : golden()) {
                for (Bundle.BundleEntryComponent e : read(g).getEntry()) {
                    all.putIfAbsent(e.getFullUrl(), e.getResource());
                }
            }
            goldenResources = all;
        }
        return goldenResources;
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }

    /** Transfer Bundles of a generated cohort (about 40 resources each), as the batch maps them. */
    static List<Bundle> cohort(int children, long seed) throws Exception {
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        new CohortGenerator(seed, 2027, List.of("10000001", "10000002")).write(xml, children, "fixtures-" + seed);
        Path file = Files.createTempFile("cohort-", ".xml");
        try {
            Files.write(file, xml.toByteArray());
            TransferMapper mapper = new TransferMapper(new VaccineCodes());
            List<Bundle> out = new ArrayList<>();
            try (BhvBatch batch = new BhvBatchReader().open(file)) {
                while (batch.records().hasNext()) {
                    BhvRecord record = batch.records().next();
                    String id = record.child().getPersonalIdentityNumber();
                    TransferContext ctx = new TransferContext(batch.header(), record, PersonalIdentityNumber.parse(id),
                            TransferContext.deliveryId(batch.header(), id, record.child().getSchoolStart().getSchoolUnit()),
                            Instant.parse("2027-06-16T10:00:00Z"));
                    out.add(mapper.bundle(ctx, mapper.clinical(ctx)));
                }
            }
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
