package se.samverkan.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import se.samverkan.gateway.fhir.ConsentRegistryIT;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;

/**
 * Issue 15's numbers, measured in the gateway's own JVM (the test runs in it) with the production request
 * limit (10 MB): twenty gzip bombs of about 400 KB that expand to 400 MB each, then thirty 9 MB Consents and an
 * unfiltered search, then an ordinary Consent that must still be stored. Heap: the peak of the heap pools over
 * the barrage (reset before it). Run: {@code ./mvnw -pl gateway -Pbench test -Dtest=HardeningBenchmark}.
 */
@Tag("bench")
@TestPropertySource(properties = "gateway.security.max-request-size=10MB")
class HardeningBenchmark extends GatewayIntegrationTest {

    @Test
    void bombsAndBarrage() throws Exception {
        byte[] bomb = gzipOfZeros(400L << 20);
        Consent big = consent(901);
        big.setSource(new Attachment().setTitle("x".repeat(9 << 20)));
        byte[] nineMegabytes = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(big)
                .getBytes(StandardCharsets.UTF_8);
        System.gc();
        resetPeaks();
        long heapBefore = heapUsed();

        List<Long> bombTimes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = post("Consent", bomb, "gzip");
            bombTimes.add((System.nanoTime() - start) / 1_000_000);
            assertThat(response.statusCode()).isEqualTo(413);
        }
        long bombPeak = heapPeak();
        resetPeaks();
        List<Long> barrageTimes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = post("Consent", nineMegabytes, null);
            barrageTimes.add((System.nanoTime() - start) / 1_000_000);
            assertThat(response.statusCode()).isEqualTo(413);
        }
        long searchStart = System.nanoTime();
        HttpResponse<String> search = https("bhv").send(HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/Consent"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        long searchMillis = (System.nanoTime() - searchStart) / 1_000_000;
        HttpResponse<String> after = post("Consent", FhirContext.forR4Cached().newJsonParser()
                .encodeResourceToString(consent(902)).getBytes(StandardCharsets.UTF_8), null);
        long barragePeak = heapPeak();

        System.out.printf("%nHARDENING bomb: %d bytes gzip -> %d MB; 20 requests, ms each %s; heap before %d MiB,"
                        + " peak %d MiB%n", bomb.length, 400, bombTimes, heapBefore >> 20, bombPeak >> 20);
        System.out.printf("HARDENING barrage: 30 x %d bytes Consent, ms each %s; unfiltered search %d (%d ms);"
                        + " a Consent after: %d; heap peak %d MiB; max heap %d MiB%n", nineMegabytes.length,
                barrageTimes, search.statusCode(), searchMillis, after.statusCode(), barragePeak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        assertThat(after.statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> post(String type, byte[] body, String encoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/" + type))
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return https("bhv").send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Consent consent(int serial) {
        return ConsentRegistryIT.consentFor(TestIds.pnr(LocalDate.of(2020, 6, 6), serial),
                TestIds.pnr(LocalDate.of(1984, 6, 6), serial), SCHOOLS[0]);
    }

    private static byte[] gzipOfZeros(long zeros) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            byte[] block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.length) {
                zip.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return out.toByteArray();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
