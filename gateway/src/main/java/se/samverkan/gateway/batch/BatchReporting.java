package se.samverkan.gateway.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.GatewayInstance;

/**
 * Writes a run's report once every record has an answer: delivered, held, refused, parked, or failed and
 * waiting for a retry. A run with retries pending is reported again whenever its counts change (the report is
 * true as of its time), and finally when the last of them ends.
 */
@Component
public class BatchReporting {

    private static final Logger log = LoggerFactory.getLogger(BatchReporting.class);

    private final BatchRuns runs;
    private final BatchReportWriter reports;
    private final BatchProperties properties;
    private final GatewayInstance instance;
    private final Clock clock;

    public BatchReporting(BatchRuns runs, BatchReportWriter reports, BatchProperties properties,
                          GatewayInstance instance, Clock clock) {
        this.runs = runs;
        this.reports = reports;
        this.properties = properties;
        this.instance = instance;
        this.clock = clock;
    }

    /** Reports every run of this instance that is ready for it. */
    public void settleAll() {
        runs.unsettled(instance.name()).forEach(this::settle);
    }

    /** Reports the run if it is ready; true once it has been reported (or was rejected whole). */
    public synchronized boolean settle(String runId) {
        Optional<BatchRuns.Status> status = runs.status(runId);
        if (status.isEmpty() || status.get() == BatchRuns.Status.OPEN) {
            return false;
        }
        if (status.get() == BatchRuns.Status.DONE) {
            return true;
        }
        BatchRuns.Progress progress = runs.progress(runId);
        if (progress.unanswered() > 0) {
            return status.get() == BatchRuns.Status.REPORTED;
        }
        if (status.get() == BatchRuns.Status.REPORTED && progress.pending() > 0 && !runs.changedSinceReport(runId)) {
            // the report waiting for retries says the truth as of now: written again whenever a delivery of the
            // run has ended or failed since (delivered, parked, held, failed and waiting), not only at the end
            return true;
        }
        BatchRun run = runs.load(runId);
        run.finish(clock.instant());
        reports.write(run, properties.reports());
        BatchRuns.Status next = progress.pending() > 0 ? BatchRuns.Status.REPORTED : BatchRuns.Status.DONE;
        if (runs.reported(run, status.get(), next, reports.json(run).toString())) {
            log.info("batch {} ({}) {}: {} delivered, {} already delivered, {} held, {} refused, {} parked, {} failed"
                            + "{}", run.batchId(), run.fileName(), next == BatchRuns.Status.DONE ? "done" : "reported",
                    run.count(Outcome.DELIVERED), run.count(Outcome.ALREADY_DELIVERED), run.count(Outcome.HELD),
                    run.count(Outcome.REFUSED), run.count(Outcome.PARKED), run.count(Outcome.FAILED),
                    run.waiting() ? " (waiting for retry; reported again when they end)" : "");
        }
        return true;
    }

    /** Waits until the run is reported and returns it as reported. */
    public BatchRun await(String runId, Duration atMost) {
        Instant deadline = clock.instant().plus(atMost);
        while (!settle(runId)) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("batch run " + runId + " was not reported within " + atMost);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for batch run " + runId, e);
            }
        }
        return runs.load(runId);
    }
}
