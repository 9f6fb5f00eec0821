package se.samverkan.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What profile validation costs after warm-up, before (HAPI's full validator alone, {@link
 * ProfileValidator#hapiErrors}) and after (the fast path, {@link ProfileValidator#errors}), on the
 * full-record golden Bundle (19 entries) and on transfer Bundles of a generated cohort (40-43 entries, each
 * child different), on one thread and on two. The fast path is first taught by validating a share of the
 * cohort, as the batch would at the start of a night; the Bundles measured after that are other children.
 * {@code ./mvnw -pl gateway -am -Pbench test -Dtest=ValidationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class ValidationBenchmark {

    static final int LEARN = 100;

    @Test
    void validationCostBeforeAndAfterTheFastPath() throws Exception {
        long start = System.nanoTime();
        ProfileValidator validator = new ProfileValidator(ValidationFixtures.FHIR, "classpath*:profiles/*.json");
        validator.warmUp();
        double warmUpMs = (System.nanoTime() - start) / 1e6;
        Bundle golden = ValidationFixtures.read(ValidationFixtures.GOLDEN.resolve("full-record/expected.json"));
        List<Bundle> cohort = ValidationFixtures.cohort(LEARN + 600, 42);
        List<Bundle> learn = cohort.subList(0, LEARN);
        List<Bundle> measured = cohort.subList(LEARN, cohort.size());

        for (int i = 0; i < 40; i++) {
            assertThat(validator.hapiErrors(golden)).isEmpty();
        }
        long learnStart = System.nanoTime();
        int escalated = 0;
        for (Bundle b : learn) {
            long proven = validator.fastPathCounts().proven();
            assertThat(validator.errors(b)).isEmpty();
            escalated += validator.fastPathCounts().proven() == proven ? 1 : 0;
        }
        double learnMs = (System.nanoTime() - learnStart) / 1e6;
        for (int i = 0; i < 200; i++) {
            validator.errors(measured.get(i % measured.size()));
        }

        System.out.printf("%n[bench] validator build + warm-up %.0f ms; teaching the fast path: %d children in %.0f ms,"
                + " %d of them went to HAPI (%s)%n", warmUpMs, LEARN, learnMs, escalated, validator.fastPathReport());
        report("golden 19 entries, HAPI alone   ", one(validator::hapiErrors, List.of(golden), 150), 19);
        report("golden 19 entries, fast path    ", one(validator::errors, List.of(golden), 2000), 19);
        int entries = (int) Math.round(measured.stream().mapToInt(b -> b.getEntry().size()).average().orElse(0));
        report("cohort ~" + entries + " entries, HAPI alone ", one(validator::hapiErrors, measured.subList(0, 120), 120), entries);
        report("cohort ~" + entries + " entries, fast path  ", one(validator::errors, measured, measured.size() * 3), entries);
        report("cohort, HAPI alone, 2 threads    ", two(validator::hapiErrors, measured.subList(0, 160)), entries);
        report("cohort, fast path, 2 threads     ", two(validator::errors, measured), entries);
        System.out.printf("[bench] %s; system load average %.1f on %d cores%n", validator.fastPathReport(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** Latencies of n calls, and the wall time they took. */
    record Run(long[] latencies, long wallNanos) {
    }

    /** Validating the Bundles in turn, n calls, on this thread. */
    static Run one(Function<Bundle, List<ProfileValidator.Issue>> validate, List<Bundle> bundles, int n) {
        long[] t = new long[n];
        long wall = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Bundle b = bundles.get(i % bundles.size());
            long s = System.nanoTime();
            validate.apply(b);
            t[i] = System.nanoTime() - s;
        }
        return new Run(t, System.nanoTime() - wall);
    }

    /** Two threads sharing one validator, each validating every Bundle once (after a few unmeasured). */
    static Run two(Function<Bundle, List<ProfileValidator.Issue>> validate, List<Bundle> bundles) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(3);
            List<Future<long[]>> threads = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                int offset = thread * bundles.size() / 2;
                threads.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        validate.apply(bundles.get((offset + i) % bundles.size()));
                    }
                    ready.await();
                    long[] t = new long[bundles.size()];
                    for (int i = 0; i < t.length; i++) {
                        Bundle b = bundles.get((offset + i) % bundles.size());
                        long s = System.nanoTime();
                        validate.apply(b);
                        t[i] = System.nanoTime() - s;
                    }
                    return t;
                }));
            }
            ready.await();
            long wall = System.nanoTime();
            long[] a = threads.get(0).get();
            long[] b = threads.get(1).get();
            wall = System.nanoTime() - wall;
            long[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return new Run(all, wall);
        } finally {
            pool.shutdown();
        }
    }

    static void report(String what, Run run, int entries) {
        long[] t = run.latencies().clone();
        Arrays.sort(t);
        double median = t[t.length / 2] / 1e6;
        double p99 = t[Math.min(t.length - 1, (int) Math.ceil(t.length * 0.99) - 1)] / 1e6;
        double mean = Arrays.stream(t).average().orElse(0) / 1e6;
        System.out.printf("[bench] %s per Bundle: median %7.2f ms, p99 %7.2f ms, mean %7.2f ms;"
                        + " per resource: median %6.3f ms, p99 %6.3f ms; %7.1f Bundles/s (n=%d)%n",
                what, median, p99, mean, median / entries, p99 / entries, t.length / (run.wallNanos() / 1e9), t.length);
    }
}
