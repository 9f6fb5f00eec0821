package se.samverkan.gateway.bhv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.fhir.Systems;
import org.slf4j.LoggerFactory;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.batch.BatchReportWriter;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.batch.TransferLedger;

/** Opens a batch file, keeps account of its records, and ends it with its report. */
public class BhvBatchService {

    private static final Logger log = LoggerFactory.getLogger(BhvBatchService.class);

    private final BhvBatchReader reader;
    private final TransferLedger ledger;
    private final BatchReportWriter reports;
    private final BatchProperties properties;
    private final Clock clock;
    private final AuditTrail audit;

    public BhvBatchService(BhvBatchReader reader, TransferLedger ledger, BatchReportWriter reports,
                           BatchProperties properties, Clock clock, AuditTrail audit) {
        this.reader = reader;
        this.ledger = ledger;
        this.reports = reports;
        this.properties = properties;
        this.clock = clock;
        this.audit = audit;
    }

    public BatchRun start(Path file) {
        return new BatchRun(file.getFileName().toString(), clock.instant());
    }

    /**
     * Validates the whole file, then opens it for reading record by record. A rejected file is reported
     * (with line and reason) and the rejection is rethrown, so the caller moves the file aside.
     */
    public BhvBatch open(BatchRun run, Path file) {
        try {
            reader.validate(file);
            BhvBatch batch = reader.open(file);
            run.identify(batch.header().getBatchId(), batch.header().getExportingUnit());
            log.info("batch {} from {} opened ({})", run.batchId(), run.sourceUnit(), run.fileName());
            return batch;
        } catch (BatchRejectedException e) {
            run.reject(e.getMessage());
            finish(run, file, null);
            writeReason(run, e);
            throw e;
        }
    }

    /** Records how the record ended: ledger, audit store (for delivery attempts) and report, in one transaction. */
    @Transactional
    public void conclude(BatchRun run, TransferWork work, RecordResult result) {
        ledger.record(work.deliveryId(), TransferService.FLOW, run, result);
        if (result.outcome() == Outcome.DELIVERED || result.outcome() == Outcome.FAILED) {
            audit.delivery(TransferService.FLOW, work.childId(), new AuditTrail.Party(Systems.HSA_ID, work.sourceUnit()),
                    new AuditTrail.Party(Systems.SKOLENHETSKOD, work.schoolUnit()), work.deliveryId(),
                    result.outcome() == Outcome.DELIVERED, result.reason());
        }
        run.add(result);
        if (result.outcome() != Outcome.DELIVERED && result.outcome() != Outcome.ALREADY_DELIVERED) {
            log.info("batch {} record {} ({}): {} {} {}", run.batchId(), result.recordId(), result.childRef(),
                    result.outcome().label(), result.code(), result.reason());
        }
    }

    /** Writes the report; a batch with failed deliveries is kept in the retry folder for the next attempt. */
    public String finish(BatchRun run, Path file, BhvBatch batch) {
        if (batch != null) {
            try {
                batch.close();
            } catch (Exception e) {
                log.warn("batch {}: closing the file failed: {}", run.batchId(), e.getMessage());
            }
        }
        run.finish(clock.instant());
        String text = reports.write(run, properties.reports());
        ledger.saveRun(run, reports.json(run).toString());
        if (run.count(Outcome.FAILED) > 0) {
            keepForRetry(run, file);
        }
        log.info("batch {} ({}) done: {} delivered, {} already delivered, {} held, {} refused, {} failed",
                run.batchId(), run.fileName(), run.count(Outcome.DELIVERED), run.count(Outcome.ALREADY_DELIVERED),
                run.count(Outcome.HELD), run.count(Outcome.REFUSED), run.count(Outcome.FAILED));
        return text;
    }

    private void keepForRetry(BatchRun run, Path file) {
        try {
            Files.createDirectories(properties.retry());
            Files.copy(file, properties.retry().resolve(run.fileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.error("batch {}: cannot keep the file for retry: {}", run.batchId(), e.getMessage());
        }
    }

    private void writeReason(BatchRun run, BatchRejectedException e) {
        try {
            Files.createDirectories(properties.rejected());
            Files.writeString(properties.rejected().resolve(run.fileName() + ".reason.txt"), e.getMessage() + "\n");
        } catch (IOException io) {
            log.error("cannot write the rejection reason for {}: {}", run.fileName(), io.getMessage());
        }
        log.warn("file {} rejected: {}", run.fileName(), e.getMessage());
    }
}
