package se.samverkan.gateway.crash;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import se.samverkan.gateway.bhv.BhvBatch;
import se.samverkan.gateway.bhv.BhvBatchReader;
import se.samverkan.gateway.bhv.BhvRecord;
import se.samverkan.gateway.bhv.TransferContext;
import se.samverkan.gateway.security.pki.PkiFiles;
import se.samverkan.gateway.support.TestTls;
import se.samverkan.gateway.tools.CohortGenerator;

/**
 * A working directory, a PKI, a synthetic cohort and the schools' EMI (WireMock over mutual TLS) for a
 * gateway that runs as a child process; the EMI can kill that process with SIGKILL while it holds the n-th
 * delivery, after receiving it and before answering: the moment a sender cannot know whether a send landed.
 */
final class CrashHarness implements AutoCloseable {

    static final List<String> SCHOOLS = List.of("10000001", "10000002", "10000003");

    /** What a record of the input must become: its delivery id, the child, the school. */
    record Expected(String recordId, UUID deliveryId, String child, String school) {
    }

    final Path work;
    final TestTls tls;
    final WireMockServer emi;
    private final AtomicInteger served = new AtomicInteger();
    private volatile int killAt = -1;
    private volatile ChildGateway victim;
    private volatile boolean graceful;
    private volatile Runnable action;
    private volatile Instant killedAt;

    CrashHarness() throws IOException {
        this.work = Files.createTempDirectory("gateway-crash");
        this.tls = TestTls.create(work.resolve("pki"));
        PkiFiles pki = tls.files();
        this.emi = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(pki.gatewayServer().toString()).keystoreType("PKCS12")
                .keystorePassword(TestTls.PASSWORD).keyManagerPassword(TestTls.PASSWORD)
                .needClientAuth(true).trustStorePath(pki.truststore().toString()).trustStoreType("PKCS12")
                .trustStorePassword(TestTls.PASSWORD)
                .extensions(new Killer()));
        emi.start();
        emi.stubFor(post(urlPathMatching("/emi/.*/fhir")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}")));
    }

    /** Kills the gateway with SIGKILL when the n-th delivery (counting from now) has arrived, before it is answered. */
    private final class Killer implements ServeEventListener {
        @Override
        public String getName() {
            return "kill-the-sender";
        }

        @Override
        public void beforeResponseSent(ServeEvent event, Parameters parameters) {
            int n = served.incrementAndGet();
            if (n == killAt && action != null) {
                killedAt = Instant.now();
                action.run();
            } else if (n == killAt && victim != null) {
                killedAt = Instant.now();
                if (graceful) {
                    // SIGTERM, not waited for: the gateway finishes this very send once it is answered
                    victim.terminate();
                } else {
                    victim.kill();
                }
            }
        }
    }

    ChildGateway gateway() {
        return gateway(work, Map.of());
    }

    /** A gateway working in its own directory, with more properties (another database, another name). */
    ChildGateway gateway(Path directory, Map<String, String> more) {
        Map<String, String> schools = new LinkedHashMap<>();
        SCHOOLS.forEach(s -> schools.put(s, "https://localhost:" + emi.httpsPort() + "/emi/" + s + "/fhir"));
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChildGateway(directory, tls, schools, more);
    }

    void killAtDelivery(int n, ChildGateway gateway) {
        served.set(0);
        graceful = false;
        action = null;
        victim = gateway;
        killAt = n;
        killedAt = null;
    }

    /** Stops the gateway with SIGTERM when the n-th delivery (counting from now) has arrived, before it is answered. */
    void terminateAtDelivery(int n, ChildGateway gateway) {
        served.set(0);
        graceful = true;
        action = null;
        victim = gateway;
        killAt = n;
        killedAt = null;
    }

    /** Runs the action (it must not block: the EMI waits for it) when the n-th delivery (from now) has arrived. */
    void atDelivery(int n, Runnable action) {
        served.set(0);
        victim = null;
        this.action = action;
        killAt = n;
        killedAt = null;
    }

    void disarm() {
        killAt = -1;
        victim = null;
        action = null;
    }

    Instant killedAt() {
        return killedAt;
    }

    /** The files in a folder of the gateway's working directory (var/...). */
    List<String> files(String folder) {
        Path dir = work.resolve("var").resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path cohort(int children, long seed) {
        try {
            Path file = Files.createDirectories(work.resolve("input")).resolve("cohort-" + children + ".xml");
            try (OutputStream out = Files.newOutputStream(file)) {
                new CohortGenerator(seed, java.time.LocalDate.now().getYear() + 1, SCHOOLS)
                        .write(out, children, "crash-" + children + "-" + seed);
            }
            return file;
        } catch (IOException | javax.xml.stream.XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Into the gateway's inbox under a temporary name, then renamed: the inbox never sees half a file. */
    void drop(Path file) {
        try {
            Path inbox = Files.createDirectories(work.resolve("var").resolve("inbox"));
            Path part = inbox.resolve(file.getFileName() + ".part");
            Files.copy(file, part);
            Files.move(part, inbox.resolve(file.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of the input, in order, with the delivery id the gateway must give it. */
    static List<Expected> expected(Path input) throws Exception {
        try (BhvBatch batch = new BhvBatchReader().open(input)) {
            List<Expected> all = new java.util.ArrayList<>();
            while (batch.records().hasNext()) {
                BhvRecord r = batch.records().next();
                String child = r.child().getPersonalIdentityNumber();
                String school = r.child().getSchoolStart().getSchoolUnit();
                all.add(new Expected(r.recordId(), TransferContext.deliveryId(batch.header(), child, school), child,
                        school));
            }
            return all;
        }
    }

    /** The reports written for the input file so far. */
    List<JsonNode> reports(Path input) {
        Path folder = work.resolve("var").resolve("reports");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        String stem = input.getFileName().toString().replace(".xml", ".");
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(stem)
                            && p.toString().endsWith(".report.json"))
                    .map(CrashHarness::json).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input's report once it is complete (nothing left waiting for a retry). */
    Optional<JsonNode> completeReport(Path input) {
        return reports(input).stream().filter(r -> r.path("complete").asBoolean(false)).findFirst();
    }

    /** Every delivery the EMI received, oldest first. */
    List<ServeEvent> received() {
        return emi.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
    }

    private static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            // being written: not complete yet
            return new ObjectMapper().createObjectNode();
        }
    }

    /** Stops the EMI and removes the working directory (a 1,000-child run leaves ~350 MB) unless -Dcrash.keep=true. */
    @Override
    public void close() {
        emi.stop();
        if (Boolean.getBoolean("crash.keep")) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans what is left
        }
    }
}
