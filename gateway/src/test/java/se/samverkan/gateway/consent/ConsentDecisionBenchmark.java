package se.samverkan.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.audit.AuditedConsentGate;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.mapping.DataCategoryTable;
import se.samverkan.gateway.registry.Indexes;
import se.samverkan.gateway.registry.JdbcConsentRegistry;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.support.Databases;
import se.samverkan.gateway.support.TestIds;

/**
 * Decision latency with a registry of 100,000 consents (10,000 children with 10 consents and 2 guardians
 * each): the registry read and the decision, then the same with the audit write. Not part of the normal
 * test run: {@code ./mvnw -pl gateway -am -Pbench test -Dtest=ConsentDecisionBenchmark}.
 */
@Tag("bench")
class ConsentDecisionBenchmark {

    static final int CHILDREN = 10_000;
    static final int WARM_UP = 2_000;
    static final int MEASURED = 10_000;
    static final FhirContext FHIR = FhirContext.forR4Cached();

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("PostgreSQL", Databases.postgres()),
                Arguments.of("H2", Databases.h2("decision-bench")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void decisionLatencyWithAHundredThousandConsents(String name, DataSource ds) {
        List<PersonalIdentityNumber> children = fill(ds);
        ResourceStore store = new ResourceStore(JdbcClient.create(ds), FHIR, Clock.systemUTC());
        ConsentRegistry registry = new JdbcConsentRegistry(store, FHIR);
        PolicyDecisionPoint pdp = new PolicyDecisionPoint(TestFlows.catalogue(), registry, new DataCategoryTable(), TestWorld.PARTICIPANTS);
        ConsentGate audited = new AuditedConsentGate(pdp, new AuditTrail(store, Clock.systemUTC(),
                new se.samverkan.gateway.GatewayInstance("bench", "bench#1")));

        long[] plain = measure(pdp, children, 1);
        long[] withAudit = measure(audited, children, 2);

        System.out.printf("%n[bench] %s, %,d consents: decide p50 %.2f ms, p99 %.2f ms; with audit write"
                        + " p50 %.2f ms, p99 %.2f ms (%,d decisions each, after %,d warm-up)%n", name,
                count(ds), pct(plain, 50), pct(plain, 99), pct(withAudit, 50), pct(withAudit, 99), MEASURED, WARM_UP);
        assertThat(count(ds)).isGreaterThanOrEqualTo(100_000);
    }

    private static long[] measure(ConsentGate gate, List<PersonalIdentityNumber> children, long seed) {
        Random random = new Random(seed);
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            PersonalIdentityNumber child = children.get(random.nextInt(children.size()));
            long start = System.nanoTime();
            Decision d = gate.decide(DecisionRequest.of("F1", child, TestWorld.BHV, TestWorld.SCHOOL,
                    TestWorld.ALL_F1, TestWorld.NOW));
            long took = System.nanoTime() - start;
            if (!d.permit()) {
                throw new AssertionError("expected a permit, got " + d.code());
            }
            if (i >= WARM_UP) {
                nanos[i - WARM_UP] = took;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1_000_000.0;
    }

    private static long count(DataSource ds) {
        return JdbcClient.create(ds).sql("select count(*) from fhir_resource where resource_type = 'Consent'")
                .query(Long.class).single();
    }

    /** Writes the registry directly in batches (the same rows the store writes), to keep set-up short. */
    private static List<PersonalIdentityNumber> fill(DataSource ds) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.update("delete from fhir_resource");
        jdbc.update("delete from fhir_resource_version");
        IParser parser = FHIR.newJsonParser();
        List<PersonalIdentityNumber> children = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (int n = 0; n < CHILDREN; n++) {
            LocalDate birth = LocalDate.of(2016, 1, 1).plusDays(n / 500);
            PersonalIdentityNumber child = TestIds.id(birth, n % 500);
            PersonalIdentityNumber mother = TestIds.id(LocalDate.of(1980, 1, 1).plusDays(n / 500), n % 500);
            PersonalIdentityNumber father = TestIds.id(LocalDate.of(1982, 1, 1).plusDays(n / 500), n % 500);
            children.add(child);
            List<Resource> resources = new ArrayList<>(TestConsents.tenConsents(child, mother, father));
            resources.add(TestConsents.guardian("m", child, mother, true));
            resources.add(TestConsents.guardian("f", child, father, true));
            for (Resource r : resources) {
                String id = "c" + n + "-" + r.getIdElement().getIdPart();
                r.setId(r.fhirType() + "/" + id + "/_history/1");
                ResourceStore.Index index = Indexes.of(r);
                rows.add(new Object[] {r.fhirType(), id, 1, index.childValue(), index.status(), index.recipients(),
                    now, parser.encodeResourceToString(r)});
            }
            if (rows.size() >= 6_000 || n == CHILDREN - 1) {
                jdbc.batchUpdate("insert into fhir_resource (resource_type, id, version, child_value, status,"
                        + " recipients, updated_at, body) values (?, ?, ?, ?, ?, ?, ?, ?)", rows);
                rows.clear();
            }
        }
        if (name(ds).contains("PostgreSQL")) {
            jdbc.execute("analyze fhir_resource");
        }
        return children;
    }

    private static String name(DataSource ds) {
        try (var c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
