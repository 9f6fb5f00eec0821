package se.samverkan.gateway.bhv;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.GatewayApplication;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.mapping.VaccineCodes;
import se.samverkan.gateway.security.pki.DevelopmentPki;
import se.samverkan.gateway.security.pki.PkiFiles;
import se.samverkan.gateway.tools.CohortGenerator;

/**
 * The school-start cohort end to end (issue 8), never part of the normal test run:
 * <pre>./mvnw -pl gateway -am -Pbench test -Dtest=CohortBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcohort.children=28000 [-Dcohort.baseline.children=100] [-Dcohort.heap=512m] \
 *     [-Dcohort.gateway.args="--gateway.outbox.batch-size=256"] [-Dcohort.jvm.defaults="-XX:+UseSerialGC"]</pre>
 * In one run it measures three things on the same generated cohort:
 * <ol>
 * <li>the gateway: the real application, as a child JVM with the one-shot command and the given heap, in its
 * secure configuration (a PKI made here), delivering over mutual TLS to a receiver on loopback (WireMock,
 * client certificate required) that counts what it gets by delivery id;</li>
 * <li>the naive baseline: the same, on the first children of the same cohort, with every resource validated on
 * its own by HAPI's {@code FhirInstanceValidator} ({@code gateway.validation.mode=naive}; warmed, the same
 * profiles: constructing a validator per resource would cost far more and flatter the ratio);</li>
 * <li>the raw floor: reading, mapping and JSON encoding only, in this JVM.</li>
 * </ol>
 * It prints children and resources per second, wall time, the stages, peak heap and RSS, lost and duplicated
 * deliveries (both must be 0) and the ratios, and writes them to {@code target/bench/cohort-N.md}.
 */
@Tag("bench")
class CohortBenchmark {

    private static final String PASSWORD = "bench-only-password";
    private static final String[] SCHOOLS = {"10000001", "10000002", "10000003"};
    private static final Pattern ENTRY = Pattern.compile("\"fullUrl\"");

    /**
     * The serial collector: on two cores with a 512 MiB heap, G1's concurrent marking cost more CPU than the
     * collections themselves (README, Benchmarks).
     */
    static final String RECOMMENDED_JVM_OPTIONS = "-XX:+UseSerialGC";

    private final int children = Integer.getInteger("cohort.children", 1000);
    private final int baselineChildren = Integer.getInteger("cohort.baseline.children", 100);
    private final String heap = System.getProperty("cohort.heap", "512m");

    @TempDir
    Path dir;

    @Test
    void cohortEndToEndAgainstTheNaiveBaselineAndTheRawFloor() throws Exception {
        PkiFiles pki = DevelopmentPki.create(dir.resolve("pki"), Clock.systemUTC(), PASSWORD.toCharArray(),
                DevelopmentPki.GATEWAY_ID, se.samverkan.gateway.security.pki.Participant.DEFAULTS);
        Path cohort = generate(children, "cohort.xml");
        Path sample = generate(Math.min(baselineChildren, children), "sample.xml");

        Floor floor = floor(cohort);
        Run gateway;
        Run naive;
        try (Receiver receiver = new Receiver(pki)) {
            gateway = runGateway("gateway", cohort, children, pki, receiver, "profiles");
            receiver.reset();
            naive = runGateway("naive", sample, Math.min(baselineChildren, children), pki, receiver, "naive");
        }

        String report = report(floor, gateway, naive);
        System.out.println(report);
        Path out = Path.of("target/bench/cohort-" + children + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);

        assertThat(gateway.exitCode()).as("one-shot exit code").isIn(0, 1);
        assertThat(gateway.recorded()).as("every record has an outcome").isEqualTo(children);
        assertThat(gateway.lost()).as("lost").isZero();
        assertThat(gateway.duplicated()).as("duplicated").isZero();
    }

    private Path generate(int n, String name) throws Exception {
        Path file = dir.resolve(name);
        CohortGenerator.main(new String[] {"--children", String.valueOf(n), "--seed", "42", "--out", file.toString(),
            "--start-year", "2027"});
        return file;
    }

    /** Reading, mapping and JSON encoding only: the floor no real pipeline can go under. */
    private Floor floor(Path cohort) throws Exception {
        FhirContext fhir = FhirContext.forR4();
        TransferMapper mapper = new TransferMapper(new VaccineCodes());
        BhvBatchReader reader = new BhvBatchReader();
        long resources = 0;
        long bytes = 0;
        int records = 0;
        long start = System.nanoTime();
        reader.validate(cohort);
        try (BhvBatch batch = reader.open(cohort)) {
            var parser = fhir.newJsonParser();
            while (batch.records().hasNext()) {
                BhvRecord record = batch.records().next();
                String id = record.child().getPersonalIdentityNumber();
                if (PersonalIdentityNumber.problem(id) != null) {
                    continue;
                }
                String school = record.child().getSchoolStart().getSchoolUnit();
                TransferContext ctx = new TransferContext(batch.header(), record, PersonalIdentityNumber.parse(id),
                        TransferContext.deliveryId(batch.header(), id, school), Instant.now());
                try {
                    var bundle = mapper.bundle(ctx, mapper.guardians(ctx), mapper.consents(ctx), mapper.clinical(ctx));
                    resources += bundle.getEntry().size();
                    bytes += parser.encodeResourceToString(bundle).length();
                    records++;
                } catch (RuntimeException unknownCode) {
                    // a record the gateway refuses (an unknown vaccine code) is not mapped there either
                }
            }
        }
        return new Floor(records, resources, bytes, (System.nanoTime() - start) / 1e9);
    }

    record Floor(int children, long resources, long bytes, double seconds) {
    }

    /**
     * One gateway run. {@code seconds} is the wall time of the process, start included; {@code batchSeconds} is
     * the batch's own time, from the drop of the file to its complete report (the report's start and finish),
     * which is what a longer batch scales with; {@code cpuSeconds} is the gateway process's CPU time and
     * {@code receiverCpuSeconds} this JVM's (the receiver's) during the run.
     */
    record Run(String name, int children, int exitCode, double seconds, double batchSeconds, double cpuSeconds,
               double receiverCpuSeconds, int recorded, long delivered, long received, long distinct, long resources,
               long peakRssKiB, String stages, String peakHeap) {
        long lost() {
            return delivered - distinct;
        }

        long duplicated() {
            return received - distinct;
        }
    }

    private Run runGateway(String name, Path file, int size, PkiFiles pki, Receiver receiver, String validation)
            throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        // the JVM options the README recommends for the gateway (-Dcohort.jvm.defaults= leaves the JVM's own choice)
        String defaults = System.getProperty("cohort.jvm.defaults", RECOMMENDED_JVM_OPTIONS).trim();
        if (!defaults.isEmpty()) {
            command.addAll(List.of(defaults.split("\\s+")));
        }
        // -Dcohort.jvm.args="-XX:StartFlightRecording=filename=/tmp/g.jfr" profiles the gateway under test
        String jvm = System.getProperty("cohort.jvm.args", "").trim();
        if (!jvm.isEmpty()) {
            command.addAll(List.of(jvm.replace("{run}", name).split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName(),
                "once", file.toString(),
                "--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/gateway")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "--gateway.validation.mode=" + validation,
                "--gateway.privacy.pseudonym-key=bench-only-pseudonym-key",
                "--gateway.routing.organisations.SE2321000016-BHV1.name=BVC (bench)",
                "--gateway.routing.organisations.SE2321000016-BHV1.kind=bhv",
                "--gateway.security.crls[0]=" + pki.issuingCaCrl(),
                "--gateway.security.crls[1]=" + pki.rootCaCrl(),
                "--logging.level.root=WARN"));
        // -Dcohort.gateway.args="--gateway.outbox.batch-size=256 ..." tries settings without a rebuild
        String extra = System.getProperty("cohort.gateway.args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        for (String folder : new String[] {"inbox", "processed", "rejected", "retry", "reports"}) {
            command.add("--gateway.batch." + folder + "=" + work.resolve(folder));
        }
        for (String school : SCHOOLS) {
            command.add("--gateway.routing.schools." + school + ".emi-endpoint=https://localhost:"
                    + receiver.port() + "/emi/" + school + "/fhir");
        }
        Map<String, Path> bundles = Map.of("gateway-server", pki.gatewayServer(), "gateway-client",
                pki.gatewayClient(), "gateway-signing", pki.gatewaySigning());
        bundles.forEach((bundle, keystore) -> {
            String prefix = "--spring.ssl.bundle.jks." + bundle + ".";
            command.add(prefix + "keystore.location=file:" + keystore);
            command.add(prefix + "keystore.password=" + PASSWORD);
            command.add(prefix + "truststore.location=file:" + pki.truststore());
            command.add(prefix + "truststore.password=" + PASSWORD);
        });
        Path log = work.resolve("gateway.log");
        long receiverCpu = ownCpuNanos();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long peakRss = 0;
        long cpuTicks = 0;
        while (!process.waitFor(250, TimeUnit.MILLISECONDS)) {
            peakRss = Math.max(peakRss, peakRssKiB(process.pid()));
            cpuTicks = Math.max(cpuTicks, cpuTicks(process.pid()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double receiverSeconds = (ownCpuNanos() - receiverCpu) / 1e9;
        String output = Files.readString(log);
        JsonNode report = latestReport(work.resolve("reports"));
        int recorded = report == null ? 0 : report.get("records").size();
        long delivered = report == null ? 0 : report.get("counts").get("delivered").asLong();
        double batchSeconds = report == null || report.get("finished").isNull() ? Double.NaN
                : java.time.Duration.between(Instant.parse(report.get("started").asText()),
                        Instant.parse(report.get("finished").asText())).toNanos() / 1e9;
        // the last look before the exit misses at most the final 250 ms of CPU time
        return new Run(name, size, process.exitValue(), seconds, batchSeconds, cpuTicks / (double) CLOCK_TICKS,
                receiverSeconds, recorded, delivered, receiver.received(),
                receiver.distinct(), receiver.resources(), peakRss, line(output, "stages"),
                line(output, "peak heap") + "; " + line(output, "fast path"));
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(prefix + ": (not printed)");
    }

    private static JsonNode latestReport(Path reports) throws IOException {
        if (!Files.isDirectory(reports)) {
            return null;
        }
        try (Stream<Path> files = Files.list(reports)) {
            Path latest = files.filter(f -> f.toString().endsWith(".report.json")).sorted().reduce((a, b) -> b)
                    .orElse(null);
            return latest == null ? null : new ObjectMapper().readTree(latest.toFile());
        }
    }

    /** Linux's USER_HZ, the unit of /proc/PID/stat's CPU times (100 on every common kernel). */
    private static final int CLOCK_TICKS = 100;

    /** utime + stime of a live process, in clock ticks; 0 once it has ended. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** This JVM's CPU time: the receiver's work, and little else while the gateway runs. */
    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** VmHWM: the peak resident set of a live process, in KiB (Linux). */
    private static long peakRssKiB(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between two looks
        }
        return 0;
    }

    private String report(Floor floor, Run gateway, Run naive) {
        double floorPerChild = floor.seconds() / Math.max(1, floor.children());
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "# Cohort benchmark: %d children, %s, %d cores, heap %s%n%n",
                children, Instant.now(), Runtime.getRuntime().availableProcessors(), heap));
        out.append("| run | children | wall s | batch s | children/s (batch) | resources/s (batch) | gateway CPU s"
                + " | receiver CPU s | peak RSS MiB | lost | duplicated |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run run : List.of(gateway, naive)) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.0f | %.1f | %.1f | %d | %d | %d |%n",
                    run.name(), run.children(), run.seconds(), run.batchSeconds(),
                    run.children() / run.batchSeconds(), run.resources() / run.batchSeconds(), run.cpuSeconds(),
                    run.receiverCpuSeconds(), run.peakRssKiB() / 1024, run.lost(), run.duplicated()));
        }
        out.append(String.format(Locale.ROOT, "| raw floor (read, map, encode; in-process) | %d | | %.1f | %.1f | %.0f"
                        + " | | | | | |%n", floor.children(), floor.seconds(), floor.children() / floor.seconds(),
                floor.resources() / floor.seconds()));
        out.append(String.format(Locale.ROOT, "%ngateway: %s; %s; %d delivered of %d recorded, %d received%n",
                gateway.stages(), gateway.peakHeap(), gateway.delivered(), gateway.recorded(), gateway.received()));
        out.append(String.format(Locale.ROOT, "naive: %s; %s%n", naive.stages(), naive.peakHeap()));
        // like terms: per child, each run's batch time (drop to complete report), so neither carries the JVM
        // start and warm-up (~10 s, which would weigh ten times more on the baseline's smaller run)
        double gatewayPerChild = gateway.batchSeconds() / gateway.children();
        double naivePerChild = naive.batchSeconds() / naive.children();
        out.append(String.format(Locale.ROOT, "%nper child, batch time (drop to complete report): gateway %.2f ms,"
                        + " naive %.2f ms, floor %.2f ms. Gateway is %.1fx faster than the naive baseline and %.1fx"
                        + " the floor's time.%n", gatewayPerChild * 1e3, naivePerChild * 1e3, floorPerChild * 1e3,
                naivePerChild / gatewayPerChild, gatewayPerChild / floorPerChild));
        out.append(String.format(Locale.ROOT, "per child, wall time (JVM start included): gateway %.2f ms, naive"
                        + " %.2f ms: %.1fx.%n", gateway.seconds() / gateway.children() * 1e3,
                naive.seconds() / naive.children() * 1e3,
                (naive.seconds() / naive.children()) / (gateway.seconds() / gateway.children())));
        out.append(String.format(Locale.ROOT, "projected for 28,000 children at this batch rate: %.0f s, plus the"
                        + " start (wall minus batch: %.1f s).%n", gatewayPerChild * 28000,
                gateway.seconds() - gateway.batchSeconds()));
        return out.toString();
    }

    /** The recipients' systems: mutual TLS on loopback, every delivery counted by its id, nothing journalled. */
    static final class Receiver implements AutoCloseable {

        private final WireMockServer server;
        private final Map<String, Integer> byDeliveryId = new ConcurrentHashMap<>();
        private final AtomicLong received = new AtomicLong();
        private final LongAccumulator resources = new LongAccumulator(Long::sum, 0);

        Receiver(PkiFiles pki) {
            server = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort().disableRequestJournal()
                    .containerThreads(8).keystorePath(pki.gatewayServer().toString()).keystoreType("PKCS12")
                    .keystorePassword(PASSWORD).keyManagerPassword(PASSWORD).needClientAuth(true)
                    .trustStorePath(pki.truststore().toString()).trustStoreType("PKCS12")
                    .trustStorePassword(PASSWORD));
            server.stubFor(post(urlPathMatching("/emi/.*/fhir")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/fhir+json")
                    .withBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}")));
            server.addMockServiceRequestListener((request, response) -> {
                received.incrementAndGet();
                byDeliveryId.merge(String.valueOf(request.getHeader("X-Delivery-Id")), 1, Integer::sum);
                Matcher entries = ENTRY.matcher(new String(request.getBody(), StandardCharsets.UTF_8));
                long n = 0;
                while (entries.find()) {
                    n++;
                }
                resources.accumulate(n);
            });
            server.start();
        }

        int port() {
            return server.httpsPort();
        }

        long received() {
            return received.get();
        }

        long distinct() {
            return byDeliveryId.size();
        }

        long resources() {
            return resources.get();
        }

        void reset() {
            byDeliveryId.clear();
            received.set(0);
            resources.reset();
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
