package se.samverkan.gateway.batch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The database's memory of every delivery: what happened to it, and whether it may be sent again. */
@Repository
public class TransferLedger {

    private final JdbcClient jdbc;
    private final Clock clock;

    public TransferLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Outcome> outcomeOf(UUID deliveryId) {
        return jdbc.sql("select outcome from transfer_record where delivery_id = ?")
                .param(deliveryId.toString())
                .query(String.class)
                .optional()
                .map(Outcome::valueOf);
    }

    public boolean delivered(UUID deliveryId) {
        return outcomeOf(deliveryId).filter(o -> o == Outcome.DELIVERED).isPresent();
    }

    /** Records how the delivery ended this time; attempts count the times it was tried. */
    @Transactional
    public void record(UUID deliveryId, String flow, BatchRun run, RecordResult result) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        int attempt = result.outcome() == Outcome.DELIVERED || result.outcome() == Outcome.FAILED ? 1 : 0;
        int updated = jdbc.sql("""
                update transfer_record set outcome = ?, reason_code = ?, reason = ?, school_unit = ?,
                       attempts = attempts + ?, updated_at = ?
                 where delivery_id = ?""")
                .params(result.outcome().name(), result.code(), result.reason(), result.schoolUnit(),
                        attempt, now, deliveryId.toString())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into transfer_record (delivery_id, flow, source_unit, batch_id, record_id, child_ref,
                           school_unit, outcome, reason_code, reason, attempts, first_seen, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(deliveryId.toString(), flow, run.sourceUnit(), run.batchId(), result.recordId(),
                            result.childRef(), result.schoolUnit(), result.outcome().name(), result.code(),
                            result.reason(), attempt, now, now)
                    .update();
        }
    }

    public void saveRun(BatchRun run, String reportJson) {
        jdbc.sql("""
                insert into batch_run (run_id, file_name, source_unit, batch_id, started_at, finished_at, rejected,
                       delivered, held, refused, failed, report_json)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID().toString(), run.fileName(), run.sourceUnit(), run.batchId(),
                        Timestamp.from(run.started()),
                        run.finished() == null ? null : Timestamp.from(run.finished()), run.rejection(),
                        run.count(Outcome.DELIVERED), run.count(Outcome.HELD), run.count(Outcome.REFUSED),
                        run.count(Outcome.FAILED), reportJson)
                .update();
    }
}
