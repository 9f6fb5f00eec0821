package se.samverkan.gateway.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.support.Databases;

/**
 * Two gateways, each a process of its own, on one PostgreSQL database (a real server the test starts): one
 * reads the batch, both deliver from the shared outbox. Every record reaches the EMI exactly once, and both
 * gateways sent some (each delivery's AuditEvent names the instance that sent it).
 */
class TwoInstancesIT {

    static final int CHILDREN = 40;

    @Test
    void twoGatewaysOnOnePostgresqlDatabaseShareTheDeliveriesAndSendNoneTwice() throws Exception {
        String url = Databases.postgresJdbcUrl();
        try (CrashHarness harness = new CrashHarness();
             ChildGateway a = harness.gateway(harness.work, database(url, "gateway-a"));
             ChildGateway b = harness.gateway(harness.work.resolve("b"), database(url, "gateway-b"))) {
            Path input = harness.cohort(CHILDREN, 11);
            a.start();
            b.start();
            await().atMost(Duration.ofSeconds(300)).until(() -> a.started() && b.started());

            harness.drop(input);
            JsonNode report = await().atMost(Duration.ofSeconds(300))
                    .until(() -> harness.completeReport(input), Optional::isPresent).orElseThrow();

            CrashRecoveryIT.verify(harness, input, report);
            assertThat(CrashRecoveryIT.duplicates(harness.received())).as("nothing delivered twice").isEmpty();
            Map<String, Long> bySender = JdbcClient.create(Databases.postgres())
                    .sql("select body from fhir_resource where resource_type = 'AuditEvent' and body like ?")
                    .param("%\"110106\"%").query(String.class).list().stream()
                    .map(body -> FhirContext.forR4Cached().newJsonParser().parseResource(AuditEvent.class, body))
                    .filter(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._0)
                    .collect(Collectors.groupingBy(e -> e.getSource().getSite(), Collectors.counting()));
            System.out.println("deliveries by instance: " + bySender);
            assertThat(bySender.keySet()).as("both instances delivered").containsExactlyInAnyOrder("gateway-a",
                    "gateway-b");
            assertThat(bySender.values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(report.get("counts").get("delivered").asLong());
        }
    }

    static Map<String, String> database(String url, String instance) {
        return Map.of("spring.datasource.url", url, "spring.datasource.username", "postgres",
                "spring.datasource.password", "", "gateway.instance", instance);
    }

    static boolean started(ChildGateway gateway) {
        for (int start = 1; ; start++) {
            if (!java.nio.file.Files.exists(gateway.log(start))) {
                return false;
            }
            if (gateway.logOf(start).contains("Started GatewayApplication")) {
                return true;
            }
        }
    }
}
