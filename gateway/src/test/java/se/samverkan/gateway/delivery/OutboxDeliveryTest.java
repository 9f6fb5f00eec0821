package se.samverkan.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.audit.AuditedConsentGate;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.batch.TransferLedger;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.Decision;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.support.Databases;
import se.samverkan.gateway.support.MutableClock;
import se.samverkan.gateway.support.TestIds;

/**
 * One attempt's two transactions, with Spring's own transaction interceptor around them as in the
 * application: the decision right before sending (C12) and what it holds; giving up; and an audit write
 * that fails, which must fail the step and leave nothing half-written.
 */
class OutboxDeliveryTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final Set<DataCategory> CARRIED = EnumSet.of(DataCategory.IMMUNIZATION, DataCategory.GROWTH);

    /** The audit store, which can be made to fail. */
    static final class FlakyStore extends ResourceStore {
        volatile boolean failing;

        FlakyStore(JdbcClient jdbc, MutableClock clock) {
            super(jdbc, FHIR, clock);
        }

        @Override
        public <T extends Resource> T create(T resource, Index index) {
            if (failing) {
                throw new IllegalStateException("audit store unavailable");
            }
            return super.create(resource, index);
        }
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    final DataSource ds = Databases.h2("outbox-delivery-test");
    final JdbcClient jdbc = JdbcClient.create(ds);
    final Outbox outbox = new Outbox(jdbc, clock);
    final TransferLedger ledger = new TransferLedger(jdbc, clock);
    final FlakyStore store = new FlakyStore(jdbc, clock);
    final String child = TestIds.pnr(LocalDate.of(2020, 5, 5), (int) (Math.random() * 900) + 10);
    Decision next = permit(CARRIED);
    OutboxDelivery delivery;

    @BeforeEach
    void wire() {
        AuditTrail audit = new AuditTrail(store, clock, new se.samverkan.gateway.GatewayInstance("test", "test#1"));
        OutboxDelivery target = new OutboxDelivery(outbox, ledger, audit, new AuditedConsentGate(r -> next, audit),
                new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), 3, new Random(1)),
                new Claim("test", "test#" + UUID.randomUUID(), Duration.ofMinutes(5)), clock);
        ProxyFactory proxy = new ProxyFactory(target);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(new TransactionInterceptor(new DataSourceTransactionManager(ds),
                new AnnotationTransactionAttributeSource()));
        delivery = (OutboxDelivery) proxy.getProxy();
    }

    static Decision permit(Set<DataCategory> categories) {
        return new Decision(true, categories, List.of("C2", "C4"), List.of(), Optional.empty(), Set.of(), "GW-2100",
                "consent on record");
    }

    UUID queued() {
        UUID id = UUID.randomUUID();
        BatchRun run = new BatchRun("b.xml", clock.instant());
        run.identify("b-" + id, "SE2321000016-BHV1");
        ledger.record(id, "F1", run, new RecordResult("R-1", 1, "ps-0123456789ab", "10000001", Outcome.QUEUED,
                "GW-0002", "queued for delivery", List.of(), List.of()));
        outbox.enqueue(new NewDelivery(id, "F1", UUID.randomUUID().toString(), "R-1", "ps-0123456789ab", child, false,
                OrganisationId.hsaId("SE2321000016-BHV1"), OrganisationId.skolenhetskod("10000001"), CARRIED,
                "mock:emi", "{}", "c2ln"));
        return id;
    }

    long audits(String type) {
        return jdbc.sql("select count(*) from fhir_resource where resource_type = 'AuditEvent' and child_value = ?"
                        + " and body like ?")
                .params(child, "%\"" + type + "\"%").query(Long.class).single();
    }

    String ledgerOutcome(UUID id) {
        return jdbc.sql("select outcome from transfer_record where delivery_id = ?").param(id.toString())
                .query(String.class).single();
    }

    @Test
    void aWithdrawalSeenRightBeforeSendingHoldsTheDeliveryWithItsDecisionOnRecord() {
        UUID id = queued();
        next = Decision.deny(List.of("C1", "C5"), List.of(), "GW-2107", "consent withdrawn");

        assertThat(delivery.take(id)).isEmpty();

        assertThat(outbox.status(id)).contains(Outbox.Status.HELD);
        assertThat(outbox.entry(id).orElseThrow().lastCode()).isEqualTo("GW-2107");
        assertThat(ledgerOutcome(id)).isEqualTo("HELD");
        assertThat(audits("consent-decision")).isEqualTo(1);
        assertThat(outbox.claim(id, new Claim("other", "other#1", Duration.ofMinutes(1)))).isEmpty();
    }

    @Test
    void aConsentThatNowCoversLessThanThePayloadHoldsIt() {
        UUID id = queued();
        next = permit(EnumSet.of(DataCategory.IMMUNIZATION));

        assertThat(delivery.take(id)).isEmpty();

        assertThat(outbox.entry(id).orElseThrow().lastCode()).isEqualTo("GW-3004");
        assertThat(outbox.entry(id).orElseThrow().lastError()).contains("[growth]");
    }

    @Test
    void aPermitLetsTheDeliveryGoAndItsConclusionIsAudited() {
        UUID id = queued();

        OutboxItem item = delivery.take(id).orElseThrow();
        delivery.delivered(item);

        assertThat(outbox.status(id)).contains(Outbox.Status.DELIVERED);
        assertThat(ledgerOutcome(id)).isEqualTo("DELIVERED");
        assertThat(audits("consent-decision")).isEqualTo(1);
        assertThat(audits("110106")).isEqualTo(1);
    }

    @Test
    void afterTheLastAttemptTheDeliveryIsParkedWithTheLastReason() {
        UUID id = queued();
        for (int attempt = 1; attempt <= 3; attempt++) {
            OutboxItem item = delivery.take(id).orElseThrow();
            DeliveryFailure failure = delivery.failed(item, new HttpOperationFailedException("https://emi", 503,
                    "Service Unavailable", null, java.util.Map.of(), ""));
            assertThat(failure.code()).isEqualTo(attempt < 3 ? "GW-3001" : "GW-3003");
            clock.advance(Duration.ofSeconds(20));
        }

        assertThat(outbox.status(id)).contains(Outbox.Status.PARKED);
        assertThat(outbox.entry(id).orElseThrow().lastError()).isEqualTo("gave up after 3 attempts; the last: HTTP 503"
                + " Service Unavailable");
        assertThat(ledgerOutcome(id)).isEqualTo("PARKED");
        assertThat(audits("110106")).as("every attempt audited").isEqualTo(3);
    }

    @Test
    void aRefusedDeliveryIsParkedAtOnce() {
        UUID id = queued();

        delivery.failed(delivery.take(id).orElseThrow(), new HttpOperationFailedException("https://emi", 400,
                "Bad Request", null, java.util.Map.of(), "{\"diagnostics\":\"Bundle.type must be transaction\"}"));

        assertThat(outbox.status(id)).contains(Outbox.Status.PARKED);
        assertThat(outbox.entry(id).orElseThrow().lastError()).isEqualTo("HTTP 400 Bad Request: Bundle.type must be"
                + " transaction");
    }

    @Test
    void aDecisionWhoseAuditRecordCannotBeWrittenClaimsNothingAndSendsNothing() {
        UUID id = queued();
        store.failing = true;

        assertThatThrownBy(() -> delivery.take(id)).hasMessageContaining("audit store unavailable");

        OutboxEntry entry = outbox.entry(id).orElseThrow();
        assertThat(entry.status()).isEqualTo(Outbox.Status.PENDING);
        assertThat(entry.attempts()).as("the claim was rolled back").isZero();
        assertThat(outbox.due(100_000)).contains(id);
    }

    @Test
    void aDeliveryWhoseAuditRecordCannotBeWrittenIsNotMarkedDeliveredAndIsSentAgainLater() throws IOException {
        UUID id = queued();
        OutboxItem item = delivery.take(id).orElseThrow();
        store.failing = true;

        assertThatThrownBy(() -> delivery.delivered(item)).hasMessageContaining("audit store unavailable");

        assertThat(outbox.status(id)).contains(Outbox.Status.PENDING);
        assertThat(ledgerOutcome(id)).isEqualTo("QUEUED");
        assertThat(audits("110106")).isZero();
        // the route then records the failed step, which (the store back) schedules the same bytes again
        store.failing = false;
        delivery.failed(item, new IllegalStateException("audit store unavailable"));
        clock.advance(Duration.ofSeconds(2));
        assertThat(delivery.take(id)).hasValueSatisfying(again -> assertThat(again.payload()).isEqualTo("{}"));
    }
}
