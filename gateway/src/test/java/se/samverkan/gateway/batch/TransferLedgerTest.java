package se.samverkan.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.support.Databases;

/** The ledger's promises, on H2 (the embedded default) and on a real PostgreSQL server. */
class TransferLedgerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneId.of("Europe/Stockholm"));

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", Databases.h2("ledger-test")),
                Arguments.of("PostgreSQL", Databases.postgres()));
    }

    static BatchRun run(String batchId) {
        BatchRun run = new BatchRun(batchId + ".xml", CLOCK.instant());
        run.identify(batchId, "SE2321000016-BHV1");
        return run;
    }

    static RecordResult result(String recordId, Outcome outcome) {
        return new RecordResult(recordId, 12, "ps-0123456789ab", "10000001", outcome, "GW-0000", "reason",
                List.of("C2", "C4"), List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDeliveredRecordIsKnownAsDeliveredAndOthersAreNot(String name, DataSource ds) {
        TransferLedger ledger = new TransferLedger(JdbcClient.create(ds), CLOCK);
        UUID delivered = UUID.randomUUID();
        UUID held = UUID.randomUUID();
        BatchRun run = run("b-" + UUID.randomUUID());

        ledger.record(delivered, "F1", run, result("R-1", Outcome.DELIVERED));
        ledger.record(held, "F1", run, result("R-2", Outcome.HELD));

        assertThat(ledger.delivered(delivered)).isTrue();
        assertThat(ledger.delivered(held)).isFalse();
        assertThat(ledger.delivered(UUID.randomUUID())).isFalse();
        assertThat(ledger.outcomeOf(held)).contains(Outcome.HELD);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRetriedDeliveryKeepsOneRowAndCountsItsAttempts(String name, DataSource ds) {
        JdbcClient jdbc = JdbcClient.create(ds);
        TransferLedger ledger = new TransferLedger(jdbc, CLOCK);
        UUID id = UUID.randomUUID();
        BatchRun run = run("b-" + UUID.randomUUID());

        ledger.record(id, "F1", run, result("R-1", Outcome.FAILED));
        ledger.record(id, "F1", run, result("R-1", Outcome.FAILED));
        ledger.record(id, "F1", run, result("R-1", Outcome.DELIVERED));

        Map<String, Object> row = jdbc.sql("select outcome, attempts, first_seen, updated_at from transfer_record"
                + " where delivery_id = ?").param(id.toString()).query().singleRow();
        assertThat(row.get("outcome")).isEqualTo("DELIVERED");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from transfer_record where delivery_id = ?").param(id.toString())
                .query(Long.class).single()).isEqualTo(1L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDeliveredRecordStaysDeliveredWhateverALaterRunSaysAboutIt(String name, DataSource ds) {
        TransferLedger ledger = new TransferLedger(JdbcClient.create(ds), CLOCK);
        UUID id = UUID.randomUUID();
        BatchRun run = run("b-" + UUID.randomUUID());

        ledger.record(id, "F1", run, result("R-1", Outcome.DELIVERED));
        // a second run answers "already delivered"; a third must still know it was delivered
        ledger.record(id, "F1", run, result("R-1", Outcome.ALREADY_DELIVERED));
        ledger.record(id, "F1", run, result("R-1", Outcome.FAILED));

        assertThat(ledger.delivered(id)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoWritersRecordingTheSameDeliveryAtOnceLeaveOneRowAndNoError(String name, DataSource ds) throws Exception {
        JdbcClient jdbc = JdbcClient.create(ds);
        TransferLedger ledger = new TransferLedger(jdbc, CLOCK);
        BatchRun run = run("b-" + UUID.randomUUID());
        List<UUID> ids = java.util.stream.IntStream.range(0, 50).mapToObj(i -> UUID.randomUUID()).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
            for (UUID id : ids) {
                for (int writer = 0; writer < 2; writer++) {
                    writes.add(pool.submit(() -> ledger.record(id, "F1", run, result("R-1", Outcome.QUEUED))));
                }
            }
            for (java.util.concurrent.Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(jdbc.sql("select count(*) from transfer_record where batch_id = ?").param(run.batchId())
                .query(Long.class).single()).isEqualTo(50L);
    }
}
