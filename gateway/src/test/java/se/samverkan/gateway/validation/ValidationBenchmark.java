package se.samverkan.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What profile validation costs after warm-up: a child's whole Bundle (the full-record golden file, 19
 * entries) and its resources one by one. {@code ./mvnw -pl gateway -am -Pbench test -Dtest=ValidationBenchmark}.
 */
@Tag("bench")
class ValidationBenchmark {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void validationCostPerBundleAndPerResource() throws Exception {
        long start = System.nanoTime();
        ProfileValidator validator = new ProfileValidator(FHIR, "classpath*:profiles/*.json");
        validator.warmUp();
        double warmUpMs = (System.nanoTime() - start) / 1e6;
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(
                Path.of("src/test/resources/fixtures/bhv/mapping/full-record/expected.json")));
        List<Resource> resources = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
        for (int i = 0; i < 50; i++) {
            assertThat(validator.errors(bundle)).isEmpty();
        }

        long[] perBundle = new long[200];
        for (int i = 0; i < perBundle.length; i++) {
            long t = System.nanoTime();
            validator.errors(bundle);
            perBundle[i] = System.nanoTime() - t;
        }
        long[] perResource = new long[200 * resources.size()];
        int n = 0;
        for (int i = 0; i < 200; i++) {
            for (Resource r : resources) {
                long t = System.nanoTime();
                validator.errors(r);
                perResource[n++] = System.nanoTime() - t;
            }
        }
        Arrays.sort(perBundle);
        Arrays.sort(perResource);
        System.out.printf("%n[bench] validator build + warm-up %.0f ms; Bundle of %d entries: median %.1f ms, p99 %.1f ms;"
                        + " one resource alone: median %.2f ms, p99 %.2f ms%n", warmUpMs, resources.size(),
                perBundle[100] / 1e6, perBundle[198] / 1e6, perResource[perResource.length / 2] / 1e6,
                perResource[perResource.length * 99 / 100] / 1e6);
    }
}
