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

    /**
     * The digest of what was delivered under this delivery id ("" when it was delivered before digests were kept),
     * or empty when nothing was delivered under it.
     */
    public Optional<String> deliveredContent(UUID deliveryId) {
        return jdbc.sql("select content_digest from transfer_record where delivery_id = ? and outcome = 'DELIVERED'")
                .param(deliveryId.toString())
                .query((rs, n) -> rs.getString(1) == null ? "" : rs.getString(1))
                .optional();
    }

    /** What the record said that this delivery carries (kept until it is delivered: then it stays). */
    public void content(UUID deliveryId, String digest) {
        if (digest == null) {
            return;
        }
        jdbc.sql("update transfer_record set content_digest = ? where delivery_id = ? and outcome <> 'DELIVERED'")
                .params(digest, deliveryId.toString()).update();
    }

    public boolean delivered(UUID deliveryId) {
        return outcomeOf(deliveryId).filter(o -> o == Outcome.DELIVERED).isPresent();
    }

    /**
     * Records how the delivery ended this time; attempts count the times it was sent. Safe when two
     * instances record the same delivery at once (insert-or-nothing, then update), and a delivery once
     * marked delivered stays so: "already delivered" is an answer about a run, not a new state.
     */
    @Transactional
    public void record(UUID deliveryId, String flow, BatchRun run, RecordResult result) {
        if (result.outcome() == Outcome.ALREADY_DELIVERED) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        int attempt = sent(result.outcome()) ? 1 : 0;
        int inserted = jdbc.sql("""
                insert into transfer_record (delivery_id, flow, source_unit, batch_id, record_id, child_ref,
                       school_unit, outcome, reason_code, reason, attempts, first_seen, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing""")
                .params(deliveryId.toString(), flow, run.sourceUnit(), run.batchId(), result.recordId(),
                        result.childRef(), result.schoolUnit(), result.outcome().name(), result.code(),
                        clip(result.reason()), attempt, now, now)
                .update();
        if (inserted == 0) {
            conclude(deliveryId, result.outcome(), result.code(), result.reason());
        }
    }

    /** The outcome of a delivery that is already in the ledger (an outbox attempt); a delivered one stays delivered. */
    @Transactional
    public void conclude(UUID deliveryId, Outcome outcome, String code, String reason) {
        jdbc.sql("""
                update transfer_record set outcome = ?, reason_code = ?, reason = ?, attempts = attempts + ?,
                       updated_at = ?
                 where delivery_id = ? and outcome <> 'DELIVERED'""")
                .params(outcome.name(), code, clip(reason), sent(outcome) ? 1 : 0, Timestamp.from(Instant.now(clock)),
                        deliveryId.toString())
                .update();
    }

    private static boolean sent(Outcome outcome) {
        return outcome == Outcome.DELIVERED || outcome == Outcome.FAILED || outcome == Outcome.PARKED;
    }

    private static String clip(String reason) {
        return reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 999) + "…";
    }
}
