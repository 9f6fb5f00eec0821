package se.samverkan.gateway.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** One run of one batch file: what came in and how each record ended. */
public final class BatchRun {

    /** The exchange property under which the batch routes keep the run, for whoever sent the file. */
    public static final String EXCHANGE_PROPERTY = "gwRun";

    private final String fileName;
    private final Instant started;
    private final List<RecordResult> results = Collections.synchronizedList(new ArrayList<>());
    private volatile String batchId;
    private volatile String sourceUnit;
    private volatile String rejection;
    private volatile Instant finished;

    public BatchRun(String fileName, Instant started) {
        this.fileName = fileName;
        this.started = started;
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

    /** In the order of the file (records are worked on in parallel, so they end in any order). */
    public List<RecordResult> results() {
        synchronized (results) {
            return results.stream().sorted(Comparator.comparingInt(RecordResult::line)).toList();
        }
    }

    public long count(Outcome outcome) {
        return results().stream().filter(r -> r.outcome() == outcome).count();
    }

    /** Something a scheduler should know about: the file was rejected, or a record was refused or failed. */
    public boolean hasFailures() {
        return rejection != null || count(Outcome.REFUSED) > 0 || count(Outcome.FAILED) > 0;
    }
}
