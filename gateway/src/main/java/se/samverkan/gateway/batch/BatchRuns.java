package se.samverkan.gateway.batch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Batch runs as the database keeps them: a row per run from its start, a row per record as it is accepted,
 * and for records accepted into the outbox, what became of them there. A report is read from here, so it
 * is whole after a crash, and says what happened rather than what was hoped.
 */
@Repository
public class BatchRuns {

    /** OPEN: the file is being read; READ: every record accepted; REPORTED: reported, retries pending; DONE. */
    public enum Status { OPEN, READ, REPORTED, DONE }

    /** Of a run's queued records: how many have no answer yet, and how many are not yet over. */
    public record Progress(int unanswered, int pending) {
    }

    private final JdbcClient jdbc;

    public BatchRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A file with this content is being read now by another process, which is alive. */
    public static final class HeldElsewhere extends RuntimeException {
        private final String fileName;

        HeldElsewhere(String fileName, String reader) {
            super("the same content as " + fileName + ", which " + reader + " is reading now");
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /** A new run, read by this process ({@code reader}: its incarnation) from the file at {@code path}. */
    public void create(BatchRun run, String instance, String reader, String sha256, String path) {
        jdbc.sql("""
                insert into batch_run (run_id, file_name, started_at, status, instance, reader, file_sha256, file_path,
                       delivered, held, refused, failed)
                values (?, ?, ?, 'OPEN', ?, ?, ?, ?, 0, 0, 0, 0)""")
                .params(run.runId(), run.fileName(), Timestamp.from(run.started()), instance, reader, sha256, path)
                .update();
    }

    /**
     * The open run of a file with this content, whoever began it (by content: a file put back or moved under
     * another name is still the same batch), taken for reading by this process; empty when there is none. One
     * process reads a run at a time: a run whose reader is alive (another instance's heartbeat is fresh since
     * {@code liveSince}) is not taken, and {@link HeldElsewhere} says who has it.
     */
    public Optional<BatchRun> takeOpen(String sha256, String instance, String reader, String path, Instant liveSince) {
        Optional<String[]> open = jdbc.sql("""
                select run_id, file_name, reader from batch_run
                 where file_sha256 = ? and status = 'OPEN' order by started_at desc limit 1""")
                .param(sha256)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .optional();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        String runId = open.get()[0];
        int taken = jdbc.sql("""
                update batch_run set instance = ?, reader = ?, file_path = ?
                 where run_id = ? and status = 'OPEN' and (reader is null or reader = ? or reader not in (
                       select incarnation from gateway_instance
                        where ended_at is null and heartbeat_at >= ? and name <> ?))""")
                .params(instance, reader, path, runId, reader, Timestamp.from(liveSince), instance)
                .update();
        if (taken == 0) {
            throw new HeldElsewhere(open.get()[1], open.get()[2] == null ? "another instance"
                    : open.get()[2].replaceAll("#.*", ""));
        }
        return jdbc.sql("select run_id, file_name, started_at from batch_run where run_id = ?")
                .param(runId)
                .query((rs, n) -> new BatchRun(rs.getString("run_id"), rs.getString("file_name"),
                        rs.getTimestamp("started_at").toInstant(), accepted(rs.getString("run_id"))))
                .optional();
    }

    /** Whether an open run of this content is being read by a live process of another instance. */
    public boolean readElsewhere(String sha256, String instance, Instant liveSince) {
        return jdbc.sql("""
                select count(*) from batch_run
                 where file_sha256 = ? and status = 'OPEN' and reader in (
                       select incarnation from gateway_instance
                        where ended_at is null and heartbeat_at >= ? and name <> ?)""")
                .params(sha256, Timestamp.from(liveSince), instance).query(Integer.class).single() > 0;
    }

    /** This process no longer reads the run (it handed the file back). */
    public void release(String runId, String reader) {
        jdbc.sql("update batch_run set reader = null where run_id = ? and reader = ?").params(runId, reader).update();
    }

    /** A run a gone process was reading: nobody reads it now, and the file it was read from. */
    public record Orphan(String runId, String fileName, String path) {
    }

    /** The runs a gone process was reading, released for any instance to resume. */
    public List<Orphan> orphan(String goneReader) {
        List<Orphan> orphans = jdbc.sql("""
                select run_id, file_name, file_path from batch_run where status = 'OPEN' and reader = ?""")
                .param(goneReader)
                .query((rs, n) -> new Orphan(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        jdbc.sql("update batch_run set reader = null where status = 'OPEN' and reader = ?").param(goneReader).update();
        return orphans;
    }

    /** A gone instance's runs that are read but not reported to their end: this instance reports them. */
    public int adopt(String goneInstance, String instance) {
        return jdbc.sql("update batch_run set instance = ? where instance = ? and status in ('READ', 'REPORTED')")
                .params(instance, goneInstance).update();
    }

    private Set<Integer> accepted(String runId) {
        return new HashSet<>(jdbc.sql("select seq from batch_record where run_id = ?").param(runId)
                .query(Integer.class).list());
    }

    public void identify(BatchRun run) {
        jdbc.sql("update batch_run set batch_id = ?, source_unit = ? where run_id = ?")
                .params(run.batchId(), run.sourceUnit(), run.runId()).update();
    }

    /** How a record ended at the batch (or QUEUED: the outbox has it now). */
    public void record(BatchRun run, int seq, int line, UUID deliveryId, RecordResult r) {
        jdbc.sql("""
                insert into batch_record (run_id, seq, line, record_id, delivery_id, child_ref, school_unit, outcome,
                       code, reason, rules, stripped)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(run.runId(), seq, line, r.recordId(), deliveryId == null ? null : deliveryId.toString(),
                        r.childRef(), r.schoolUnit(), r.outcome().name(), r.code(), clip(r.reason()),
                        String.join(",", r.rules()), String.join(",", r.stripped()))
                .update();
    }

    /** Every record of the file is accepted. */
    public void read(String runId) {
        jdbc.sql("update batch_run set status = 'READ', reader = null where run_id = ? and status = 'OPEN'")
                .param(runId).update();
    }

    /** The file was rejected whole: the run is over, with its report. */
    public void reject(BatchRun run, String reportJson) {
        jdbc.sql("""
                update batch_run set status = 'DONE', rejected = ?, finished_at = ?, report_json = ?
                 where run_id = ?""")
                .params(clip(run.rejection()), Timestamp.from(run.finished() == null ? Instant.now() : run.finished()),
                        reportJson, run.runId())
                .update();
    }

    /**
     * A delivery of a finished run is sent again (a re-drive): the run is open to a new report, written when
     * that delivery ends.
     */
    public int reopen(UUID deliveryId) {
        return jdbc.sql("""
                update batch_run set status = 'REPORTED'
                 where status = 'DONE' and rejected is null
                   and run_id in (select run_id from batch_record where delivery_id = ? and outcome = 'QUEUED')""")
                .param(deliveryId.toString()).update();
    }

    /** This instance's runs that are read but not yet over. */
    public List<String> unsettled(String instance) {
        return jdbc.sql("select run_id from batch_run where instance = ? and status in ('READ', 'REPORTED')"
                        + " order by started_at")
                .param(instance).query(String.class).list();
    }

    public Optional<Status> status(String runId) {
        return jdbc.sql("select status from batch_run where run_id = ?").param(runId).query(String.class).optional()
                .map(Status::valueOf);
    }

    public Progress progress(String runId) {
        return jdbc.sql("""
                select count(case when o.status = 'PENDING' and o.last_code is null then 1 end) as unanswered,
                       count(case when o.status = 'PENDING' then 1 end) as pending
                  from batch_record r join outbox o on o.delivery_id = r.delivery_id
                 where r.run_id = ? and r.outcome = 'QUEUED'""")
                .param(runId)
                .query((rs, n) -> new Progress(rs.getInt("unanswered"), rs.getInt("pending")))
                .single();
    }

    /**
     * Whether the run's counts as they stand (a queued record counting as its outbox row: delivered, parked, held,
     * failed and waiting) differ from the ones its last report gave.
     */
    public boolean changedSinceReport(String runId) {
        return !java.util.Arrays.equals(current(runId), stored(runId));
    }

    private int[] current(String runId) {
        return jdbc.sql("""
                select count(case when o.status = 'DELIVERED' then 1 end) as delivered,
                       count(case when o.status = 'PARKED' then 1 end) as parked,
                       count(case when o.status = 'HELD' or (r.outcome = 'HELD') then 1 end) as held,
                       count(case when (o.status = 'PENDING' and o.last_code is not null) or r.outcome = 'FAILED'
                                  then 1 end) as failed
                  from batch_record r left join outbox o on o.delivery_id = r.delivery_id and r.outcome = 'QUEUED'
                 where r.run_id = ?""")
                .param(runId)
                .query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)})
                .single();
    }

    private int[] stored(String runId) {
        return jdbc.sql("select delivered, parked, held, failed from batch_run where run_id = ?")
                .param(runId)
                .query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)})
                .single();
    }

    /** The run with every record's outcome as it stands: a queued record's is its outbox row's. */
    public BatchRun load(String runId) {
        BatchRun run = jdbc.sql("""
                select file_name, started_at, finished_at, batch_id, source_unit, rejected from batch_run
                 where run_id = ?""")
                .param(runId)
                .query((rs, n) -> {
                    BatchRun r = new BatchRun(runId, rs.getString("file_name"),
                            rs.getTimestamp("started_at").toInstant(), Set.of());
                    r.identify(rs.getString("batch_id"), rs.getString("source_unit"));
                    if (rs.getString("rejected") != null) {
                        r.reject(rs.getString("rejected"));
                    }
                    if (rs.getTimestamp("finished_at") != null) {
                        r.finish(rs.getTimestamp("finished_at").toInstant());
                    }
                    return r;
                })
                .single();
        boolean[] waiting = {false};
        jdbc.sql("""
                select r.line, r.record_id, r.delivery_id, r.child_ref, r.school_unit, r.outcome, r.code, r.reason,
                       r.rules, r.stripped, o.status as o_status, o.attempts as o_attempts, o.claim_owner as o_owner,
                       o.next_attempt_at as o_next, o.last_code as o_code, o.last_error as o_error,
                       o.last_rules as o_rules
                  from batch_record r left join outbox o on o.delivery_id = r.delivery_id and r.outcome = 'QUEUED'
                 where r.run_id = ? order by r.seq""")
                .param(runId)
                .query((ResultSet rs) -> {
                    RecordResult result = result(rs);
                    waiting[0] |= result.outcome() == Outcome.QUEUED
                            || (result.outcome() == Outcome.FAILED && rs.getString("o_status") != null);
                    run.add(result);
                });
        run.waiting(waiting[0]);
        reused(runId).ifPresent(run::warn);
        return run;
    }

    /**
     * The batch id (from the same exporting unit) was used before for other content: its records count as the ones
     * already delivered under that id (a child and school delivered before is not sent again, GW-0001), so a
     * correction or another batch under a reused id says so.
     */
    private Optional<String> reused(String runId) {
        List<String> earlier = jdbc.sql("""
                select e.file_name, e.started_at from batch_run r join batch_run e
                    on e.batch_id = r.batch_id and e.source_unit = r.source_unit and e.run_id <> r.run_id
                   and e.file_sha256 <> r.file_sha256 and e.rejected is null and e.started_at < r.started_at
                 where r.run_id = ? order by e.started_at""")
                .param(runId)
                .query((rs, n) -> rs.getString(1) + " (run of " + rs.getTimestamp(2).toInstant() + ")").list();
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("this batch id was used before for other content: " + String.join(", ", earlier)
                + "; a record of a child and school delivered under it then is not sent again: unchanged it is already"
                + " delivered (GW-0001), changed it is refused (GW-1105); send corrections and new batches under a new"
                + " batch id");
    }

    /** Moves the run on after its report was written; false when another writer moved it first. */
    public boolean reported(BatchRun run, Status from, Status to, String reportJson) {
        return jdbc.sql("""
                update batch_run set status = ?, finished_at = ?, delivered = ?, already_delivered = ?, held = ?,
                       refused = ?, failed = ?, parked = ?, report_json = ?
                 where run_id = ? and status = ?""")
                .params(to.name(), run.finished() == null ? null : Timestamp.from(run.finished()),
                        run.count(Outcome.DELIVERED), run.count(Outcome.ALREADY_DELIVERED), run.count(Outcome.HELD),
                        run.count(Outcome.REFUSED), run.count(Outcome.FAILED), run.count(Outcome.PARKED), reportJson,
                        run.runId(), from.name())
                .update() == 1;
    }

    private static RecordResult result(ResultSet rs) throws SQLException {
        Outcome stored = Outcome.valueOf(rs.getString("outcome"));
        List<String> rules = list(rs.getString("rules"));
        List<String> stripped = list(rs.getString("stripped"));
        String status = rs.getString("o_status");
        Outcome outcome = stored;
        String code = rs.getString("code");
        String reason = rs.getString("reason");
        if (stored == Outcome.QUEUED && status != null) {
            switch (status) {
                case "DELIVERED" -> {
                    outcome = Outcome.DELIVERED;
                    code = "GW-0000";
                    reason = "delivered";
                }
                case "HELD" -> {
                    outcome = Outcome.HELD;
                    code = rs.getString("o_code");
                    reason = "held right before delivery: " + rs.getString("o_error");
                    rules = list(rs.getString("o_rules"));
                    stripped = List.of();
                }
                case "PARKED" -> {
                    outcome = Outcome.PARKED;
                    code = rs.getString("o_code");
                    reason = "parked: " + rs.getString("o_error") + " (re-drive delivery " + rs.getString("delivery_id")
                            + " through the admin API)";
                }
                default -> {
                    // answered once an attempt has failed: a retry in flight does not take the answer back
                    if (rs.getString("o_code") != null) {
                        outcome = Outcome.FAILED;
                        code = "GW-3001";
                        reason = "delivery failed, will be retried (attempt " + rs.getInt("o_attempts") + ", next at "
                                + rs.getTimestamp("o_next").toInstant() + "): " + rs.getString("o_error");
                    }
                }
            }
        }
        return new RecordResult(rs.getString("record_id"), rs.getInt("line"), rs.getString("child_ref"),
                rs.getString("school_unit"), outcome, code, reason, rules, stripped);
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String clip(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
