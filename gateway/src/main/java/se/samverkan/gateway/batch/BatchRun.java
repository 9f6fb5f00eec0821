package se.samverkan.gateway.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One run of one batch file: what came in and how each record ended. While a file is read this is the
 * route's handle on the run; the report is made from the run as the database keeps it ({@link BatchRuns}),
 * so a run interrupted by a crash is resumed and reported whole.
 */
public final class BatchRun {

    /** The exchange property under which the batch routes keep the run, for whoever sent the file. */
    public static final String EXCHANGE_PROPERTY = "gwRun";

    private final String runId;
    private final String fileName;
    private final Instant started;
    private final Set<Integer> accepted;
    private final List<RecordResult> results = Collections.synchronizedList(new ArrayList<>());
    private volatile String batchId;
    private volatile String sourceUnit;
    private volatile String rejection;
    private volatile Instant finished;
    private volatile boolean waiting;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    public BatchRun(String fileName, Instant started) {
        this(UUID.randomUUID().toString(), fileName, started, Set.of());
    }

    /** A run with its id; {@code accepted}: positions of records an interrupted earlier attempt already took. */
    public BatchRun(String runId, String fileName, Instant started, Set<Integer> accepted) {
        this.runId = runId;
        this.fileName = fileName;
        this.started = started;
        this.accepted = Set.copyOf(accepted);
    }

    public void identify(String batchId, String sourceUnit) {
        this.batchId = batchId;
        this.sourceUnit = sourceUnit;
    }

    public void add(RecordResult result) {
        results.add(result);
    }

    /** The whole file was refused before any record was read. */
    public void reject(String reason) {
        this.rejection = reason;
    }

    public void finish(Instant at) {
        this.finished = at;
    }

    /** Something about the whole file a person should read (not a record's outcome). */
    public void warn(String warning) {
        warnings.add(warning);
    }

    public List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    /** Some deliveries wait for a retry: this report is not the last word on them. */
    public void waiting(boolean value) {
        this.waiting = value;
    }

    public String runId() {
        return runId;
    }

    /** Whether the record at this position (from 1) was taken by an earlier, interrupted attempt at this run. */
    public boolean accepted(int position) {
        return accepted.contains(position);
    }

    public int resumedRecords() {
        return accepted.size();
    }

    public String fileName() {
        return fileName;
    }

    public Instant started() {
        return started;
    }

    public Instant finished() {
        return finished;
    }

    public String batchId() {
        return batchId;
    }

    public String sourceUnit() {
        return sourceUnit;
    }

    public String rejection() {
        return rejection;
    }

    public boolean waiting() {
        return waiting;
    }

    /** In the order of the file, whatever order the records were answered in. */
    public List<RecordResult> results() {
        synchronized (results) {
            return results.stream().sorted(Comparator.comparingInt(RecordResult::line)).toList();
        }
    }

    public long count(Outcome outcome) {
        return results().stream().filter(r -> r.outcome() == outcome).count();
    }

    /** Something a scheduler should know about: the file was rejected, or a record was refused, failed or parked. */
    public boolean hasFailures() {
        return rejection != null || count(Outcome.REFUSED) > 0 || count(Outcome.FAILED) > 0
                || count(Outcome.PARKED) > 0;
    }
}
