package se.samverkan.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.samverkan.gateway.GatewayApplication;
import org.apache.http.impl.client.HttpClients;
import se.samverkan.gateway.batch.BatchReporting;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.BatchRuns;
import se.samverkan.gateway.delivery.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.security.pki.PkiFiles;

/**
 * The whole gateway in one Spring context shared by every integration test (each new context costs
 * ~10 s), in its secure default configuration: the FHIR face over TLS with a required client certificate,
 * checked against CRLs, and deliveries over mutual TLS. A PKI made by the tests at start, an in-memory H2
 * database, folders in a temporary directory, and WireMock on a dynamic https port (requiring the gateway's
 * client certificate) standing in for the schools' EMI FHIR endpoints (/emi/SKOLENHETSKOD/fhir) and the other
 * participants' systems (/org/HSA-ID/fhir).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayIntegrationTest {

    public static final Path SAMPLE = Path.of("../mappings/samples/bhv-batch-small.xml");
    public static final String[] SCHOOLS = {"10000001", "10000002", "10000003"};
    /** The sample participants by the names of their keystores, with their HSA-ids and kinds. */
    public static final Map<String, String[]> PARTICIPANTS = Map.of(
            "bhv", new String[] {"SE2321000016-BHV1", "bhv"},
            "school", new String[] {"SE2120000001-SKOLA1", "school-principal"},
            "bup", new String[] {"SE2321000016-BUP1", "bup"},
            "social-services", new String[] {"SE2120000142-SOC1", "social-services"});
    protected static final Path WORK;
    protected static final TestTls TLS;
    protected static final WireMockServer EMI;
    /** A school whose EMI presents a certificate from an issuer the gateway does not trust. */
    public static final String UNTRUSTED_SCHOOL = "10000009";
    /** A school whose EMI is a folder (WORK/outbox/10000008), as in the quick start. */
    public static final String FOLDER_SCHOOL = "10000008";
    protected static final WireMockServer UNTRUSTED_EMI;
    /** The municipality whose social services intake unit is the sample social-services participant. */
    public static final String INTAKE_MUNICIPALITY = "0180";
    /** The municipality of the second intake unit ({@link TestTls#OTHER_INTAKE}). */
    public static final String OTHER_MUNICIPALITY = "0181";
    /** How long the gateway waits for a recipient's answer here. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(2);

    static {
        try {
            WORK = Files.createTempDirectory("gateway-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TLS = TestTls.create(WORK);
        PkiFiles pki = TLS.files();
        // the recipient's server certificate: any from the trusted issuer with localhost in its SAN will do
        EMI = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(pki.gatewayServer().toString()).keystoreType("PKCS12")
                .keystorePassword(TestTls.PASSWORD).keyManagerPassword(TestTls.PASSWORD)
                .needClientAuth(true).trustStorePath(pki.truststore().toString()).trustStoreType("PKCS12")
                .trustStorePassword(TestTls.PASSWORD));
        EMI.start();
        PkiFiles stranger = TLS.stranger();
        UNTRUSTED_EMI = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(stranger.gatewayServer().toString()).keystoreType("PKCS12")
                .keystorePassword(TestTls.PASSWORD).keyManagerPassword(TestTls.PASSWORD));
        UNTRUSTED_EMI.start();
    }

    @Autowired
    protected ProducerTemplate template;

    @Autowired
    protected BatchReporting reporting;

    @Autowired
    protected BatchRuns runs;

    @Autowired
    protected Outbox outbox;

    @Autowired
    protected JdbcClient jdbc;

    @LocalServerPort
    protected int port;

    private static final Map<String, FhirContext> CLIENT_CONTEXTS = new ConcurrentHashMap<>();

    /** HAPI's generic client against the running gateway's FHIR face, as the sample BHV unit. */
    protected IGenericClient fhirClient() {
        return fhirClient("bhv");
    }

    /** HAPI's generic client against the FHIR face, presenting the named participant's certificate. */
    protected IGenericClient fhirClient(String participant) {
        FhirContext fhir = CLIENT_CONTEXTS.computeIfAbsent(participant, name -> {
            FhirContext context = FhirContext.forR4();
            ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(context);
            factory.setHttpClient(HttpClients.custom()
                    .setSSLContext(TLS.client(TLS.files().participant(name))).build());
            factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
            context.setRestfulClientFactory(factory);
            return context;
        });
        return fhir.newRestfulGenericClient(baseUrl() + "/fhir");
    }

    /** A plain HTTP client (java.net.http) presenting the keystore's certificate. */
    protected static HttpClient https(Path keystore) {
        return HttpClient.newBuilder().sslContext(TLS.client(keystore)).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A java.net.http client as the named sample participant. */
    protected static HttpClient https(String participant) {
        return https(TLS.files().participant(participant));
    }

    protected String baseUrl() {
        return "https://localhost:" + port;
    }

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:gateway-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        for (String folder : new String[] {"inbox", "processed", "rejected", "reports"}) {
            registry.add("gateway.batch." + folder, () -> WORK.resolve(folder).toString());
        }
        registry.add("gateway.batch.poll-interval", () -> "200ms");
        registry.add("gateway.elevhalsa.inbox", () -> WORK.resolve("inbox-elevhalsa").toString());
        // retries within a second, many of them: a test that needs a delivery to wait makes its recipient fail
        registry.add("gateway.outbox.poll-interval", () -> "100ms");
        registry.add("gateway.outbox.backoff-initial", () -> "100ms");
        registry.add("gateway.outbox.backoff-max", () -> "500ms");
        registry.add("gateway.outbox.max-attempts", () -> "200");
        registry.add("gateway.outbox.timeout", () -> TIMEOUT.toMillis() + "ms");
        registry.add("gateway.outbox.lease", () -> "30s");
        PARTICIPANTS.forEach((name, participant) -> {
            registry.add("gateway.routing.organisations." + participant[0] + ".name", () -> name + " (test)");
            registry.add("gateway.routing.organisations." + participant[0] + ".kind", () -> participant[1]);
            registry.add("gateway.routing.organisations." + participant[0] + ".endpoint",
                    () -> "https://localhost:" + EMI.httpsPort() + "/org/" + participant[0] + "/fhir");
        });
        String other = "gateway.routing.organisations." + TestTls.OTHER_INTAKE.identifier();
        registry.add(other + ".name", () -> "social services 0181 (test)");
        registry.add(other + ".kind", () -> "social-services");
        registry.add(other + ".municipality", () -> OTHER_MUNICIPALITY);
        registry.add(other + ".endpoint",
                () -> "https://localhost:" + EMI.httpsPort() + "/org/" + TestTls.OTHER_INTAKE.identifier() + "/fhir");
        String signs = "gateway.routing.organisations." + TestTls.SIGNS_ALWAYS.identifier();
        registry.add(signs + ".name", () -> "BHV that always signs (test)");
        registry.add(signs + ".kind", () -> "bhv");
        registry.add(signs + ".require-signature", () -> "true");
        registry.add("gateway.notices.guardian-endpoint",
                () -> "https://localhost:" + EMI.httpsPort() + "/org/guardians/fhir");
        registry.add("gateway.routing.organisations." + PARTICIPANTS.get("social-services")[0] + ".municipality",
                () -> INTAKE_MUNICIPALITY);
        for (int i = 0; i < SCHOOLS.length; i++) {
            int index = i;
            registry.add("gateway.routing.organisations." + PARTICIPANTS.get("school")[0] + ".school-units[" + i + "]",
                    () -> SCHOOLS[index]);
        }
        for (String school : SCHOOLS) {
            registry.add("gateway.routing.schools." + school + ".emi-endpoint",
                    () -> "https://localhost:" + EMI.httpsPort() + "/emi/" + school + "/fhir");
        }
        registry.add("gateway.routing.schools." + UNTRUSTED_SCHOOL + ".emi-endpoint",
                () -> "https://localhost:" + UNTRUSTED_EMI.httpsPort() + "/emi/" + UNTRUSTED_SCHOOL + "/fhir");
        registry.add("gateway.routing.schools." + FOLDER_SCHOOL + ".emi-endpoint",
                () -> "file:" + WORK.resolve("outbox").resolve(FOLDER_SCHOOL));
        PkiFiles pki = TLS.files();
        registry.add("spring.ssl.bundle.jks.gateway-signing.keystore.location", () -> "file:" + pki.gatewaySigning());
        registry.add("spring.ssl.bundle.jks.gateway-signing.keystore.password", () -> TestTls.PASSWORD);
        for (String bundle : new String[] {"gateway-server", "gateway-client"}) {
            Path keystore = bundle.equals("gateway-server") ? pki.gatewayServer() : pki.gatewayClient();
            String prefix = "spring.ssl.bundle.jks." + bundle + ".";
            registry.add(prefix + "keystore.location", () -> "file:" + keystore);
            registry.add(prefix + "keystore.password", () -> TestTls.PASSWORD);
            registry.add(prefix + "truststore.location", () -> "file:" + pki.truststore());
            registry.add(prefix + "truststore.password", () -> TestTls.PASSWORD);
        }
        registry.add("gateway.security.crls[0]", () -> pki.issuingCaCrl().toString());
        registry.add("gateway.security.crls[1]", () -> pki.rootCaCrl().toString());
        registry.add("gateway.security.max-request-size", () -> "1MB");
        registry.add("gateway.security.max-element-size", () -> "64KB");
        // a replaced CRL is in force within a fraction of a second (HardeningIT)
        registry.add("gateway.security.crl-refresh", () -> "200ms");
        registry.add("gateway.security.operators." + TestTls.OPERATOR.identifier(), () -> "Drift (test)");
    }

    /**
     * Each test starts with an outbox that has nothing left to send: what an earlier test left waiting for a
     * retry (a recipient it made fail) is parked, so that it cannot reach this test's recipients.
     */
    @BeforeEach
    protected void quietOutbox() {
        org.awaitility.Awaitility.await().atMost(TIMEOUT.multipliedBy(3)).until(() -> {
            jdbc.sql("update outbox set status = 'PARKED', last_code = 'TEST', last_error = 'parked between tests'"
                    + " where status = 'PENDING' and claim_owner is null").update();
            return jdbc.sql("select count(*) from outbox where status = 'PENDING'").query(Long.class).single() == 0;
        });
        resetReceivers();
    }

    protected void resetReceivers() {
        UNTRUSTED_EMI.resetAll();
        UNTRUSTED_EMI.stubFor(post(urlPathMatching("/emi/.*/fhir")).willReturn(aResponse().withStatus(200)));
        EMI.resetAll();
        EMI.stubFor(post(urlPathMatching("/(emi|org)/.*/fhir")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}")));
    }

    /** The sample batch under a batch id of its own, so tests sharing the database don't meet. */
    protected static Path sampleCopy(String name) {
        return sampleCopy(name, java.util.Map.of());
    }

    /**
     * The sample batch under a batch id of its own, with some text replaced: a test that changes the
     * registry (a withdrawal) gives its children identity numbers no other test uses.
     */
    protected static Path sampleCopy(String name, java.util.Map<String, String> replacements) {
        try {
            Path dir = Files.createDirectories(WORK.resolve("input"));
            String text = Files.readString(SAMPLE).replace("<batchId>sample-2027-01</batchId>",
                    "<batchId>" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + "</batchId>");
            for (java.util.Map.Entry<String, String> r : replacements.entrySet()) {
                text = text.replace(r.getKey(), r.getValue());
            }
            Path file = dir.resolve(name + ".xml");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one file through the batch route, as the inbox and the one-shot command do, and returns its run as
     * reported: once every record has its answer (a delivery that failed may still be retried after that).
     */
    protected BatchRun run(Path file) {
        Exchange exchange = template.send("direct:bhv-batch", e -> e.getIn().setBody(file));
        BatchRun started = exchange.getProperty(BatchRun.EXCHANGE_PROPERTY, BatchRun.class);
        return reporting.await(started.runId(), Duration.ofSeconds(60));
    }

    /** The run once nothing of it waits for a retry any more: its final report. */
    protected BatchRun settled(BatchRun run) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> runs.status(run.runId()).orElseThrow() == BatchRuns.Status.DONE);
        return runs.load(run.runId());
    }
}
