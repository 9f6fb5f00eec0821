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
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.samverkan.gateway.GatewayApplication;
import se.samverkan.gateway.batch.BatchRun;

/**
 * The whole gateway in one Spring context shared by every integration test (each new context costs
 * ~10 s): an in-memory H2 database, folders in a temporary directory, and WireMock on a dynamic port
 * standing in for the schools' EMI FHIR endpoints (/emi/SKOLENHETSKOD/fhir).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayIntegrationTest {

    public static final Path SAMPLE = Path.of("../mappings/samples/bhv-batch-small.xml");
    public static final String[] SCHOOLS = {"10000001", "10000002", "10000003"};
    protected static final WireMockServer EMI = new WireMockServer(options().dynamicPort());
    protected static final Path WORK;

    static {
        EMI.start();
        try {
            WORK = Files.createTempDirectory("gateway-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    protected ProducerTemplate template;

    @LocalServerPort
    protected int port;

    /** HAPI's generic client against the running gateway's FHIR face. */
    protected IGenericClient fhirClient() {
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        return fhir.newRestfulGenericClient("http://localhost:" + port + "/fhir");
    }

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:gateway-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        for (String folder : new String[] {"inbox", "processed", "rejected", "retry", "reports"}) {
            registry.add("gateway.batch." + folder, () -> WORK.resolve(folder).toString());
        }
        registry.add("gateway.batch.poll-interval", () -> "200ms");
        registry.add("gateway.batch.retry-interval", () -> "1h");
        registry.add("gateway.routing.organisations.SE2321000016-BHV1.name", () -> "BVC (test)");
        registry.add("gateway.routing.organisations.SE2321000016-BHV1.kind", () -> "bhv");
        for (String school : SCHOOLS) {
            registry.add("gateway.routing.schools." + school + ".emi-endpoint",
                    () -> EMI.baseUrl() + "/emi/" + school + "/fhir");
        }
    }

    @BeforeEach
    protected void resetReceivers() {
        EMI.resetAll();
        EMI.stubFor(post(urlPathMatching("/emi/.*/fhir")).willReturn(aResponse().withStatus(200)
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

    /** Runs one file through the batch route, as the inbox and the one-shot command do. */
    protected BatchRun run(Path file) {
        Exchange exchange = template.send("direct:bhv-batch", e -> e.getIn().setBody(file));
        return exchange.getProperty(BatchRun.EXCHANGE_PROPERTY, BatchRun.class);
    }
}
