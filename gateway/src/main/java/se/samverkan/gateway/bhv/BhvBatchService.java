package se.samverkan.gateway.bhv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.gateway.GatewayInstance;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.batch.BatchReportWriter;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.BatchRuns;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.ReadingInterrupted;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.batch.Stopping;
import se.samverkan.gateway.batch.StageClock.Stage;
import se.samverkan.gateway.batch.StageClock;
import se.samverkan.gateway.batch.TransferLedger;
import se.samverkan.gateway.bhv.xml.BatchHeader;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.delivery.DeliveryFailure;
import se.samverkan.gateway.delivery.NewDelivery;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.instances.Heartbeat;
import se.samverkan.gateway.security.signature.PayloadSigner;

/**
 * Opens a batch file, accepts its records one by one, and closes it. Accepting a record is one transaction:
 * its consent decision's audit record, the consents and guardians it brings to the registry, its ledger
 * row, its row in the run and, when it may go, its delivery in the outbox, signed. The file is acknowledged
 * (moved to processed) only after that, so accepted work is never lost; a gateway killed half-way resumes
 * the run where it stopped.
 */
public class BhvBatchService {

    private static final Logger log = LoggerFactory.getLogger(BhvBatchService.class);

    private final BhvBatchReader reader;
    private final TransferService transfers;
    private final TransferLedger ledger;
    private final BatchRuns runs;
    private final Outbox outbox;
    private final PayloadSigner signer;
    private final StageClock stages;
    private final BatchReportWriter reports;
    private final BatchProperties properties;
    private final GatewayInstance instance;
    private final Clock clock;
    private final Stopping stopping;
    private final Heartbeat heartbeat;

    public BhvBatchService(BhvBatchReader reader, TransferService transfers, TransferLedger ledger, BatchRuns runs,
                           Outbox outbox, PayloadSigner signer, BatchReportWriter reports, BatchProperties properties,
                           GatewayInstance instance, Clock clock, StageClock stages, Stopping stopping,
                           Heartbeat heartbeat) {
        this.stopping = stopping;
        this.heartbeat = heartbeat;
        this.reader = reader;
        this.transfers = transfers;
        this.ledger = ledger;
        this.runs = runs;
        this.outbox = outbox;
        this.signer = signer;
        this.reports = reports;
        this.properties = properties;
        this.instance = instance;
        this.clock = clock;
        this.stages = stages;
    }

    /**
     * A new run of the file, or the open run of a file with the same content, whoever began it (this instance
     * before a stop or crash, or another instance that is gone), taken for reading by this process. A file with
     * the content of one another live instance is reading now is a second copy: it is set aside with a reason.
     */
    public BatchRun start(Path file) {
        String name = file.getFileName().toString();
        String sha256 = sha256(file);
        String path = file.toAbsolutePath().toString();
        java.util.Optional<BatchRun> open;
        try {
            open = sha256 == null ? java.util.Optional.empty()
                    : runs.takeOpen(sha256, instance.name(), instance.incarnation(), path, heartbeat.liveSince());
        } catch (BatchRuns.HeldElsewhere held) {
            String reason = "GW-1005 line 0: a second copy: " + held.getMessage()
                    + "; this copy was set aside and nothing of it was taken";
            writeReason(name, reason);
            throw new BatchRejectedException("GW-1005", 0, "a second copy: " + held.getMessage(), held);
        }
        return open.map(run -> {
            log.info("file {}: resuming the run that was interrupted, {} records already accepted", name,
                    run.resumedRecords());
            return run;
        }).orElseGet(() -> {
            BatchRun run = new BatchRun(name, clock.instant());
            runs.create(run, instance.name(), instance.incarnation(), sha256, path);
            return run;
        });
    }

    /** Whether a file waiting in .in-progress/ is being read by another live instance (a shared inbox). */
    boolean readElsewhere(Path file) {
        String sha256 = sha256(file);
        return sha256 != null && runs.readElsewhere(sha256, instance.name(), heartbeat.liveSince());
    }

    /**
     * Validates the whole file, then opens it for reading record by record. A rejected file is reported
     * (with line and reason) and the rejection is rethrown, so the caller moves the file aside.
     */
    public BhvBatch open(BatchRun run, Path file) {
        try {
            stages.time(Stage.PARSE, () -> reader.validate(file));
            BhvBatch batch = timed(stages.time(Stage.PARSE, () -> reader.open(file)));
            run.identify(batch.header().getBatchId(), batch.header().getExportingUnit());
            runs.identify(run);
            log.info("batch {} from {} opened ({})", run.batchId(), run.sourceUnit(), run.fileName());
            return batch;
        } catch (BatchRejectedException e) {
            run.reject(e.getMessage());
            run.finish(clock.instant());
            reports.write(run, properties.reports());
            runs.reject(run, reports.json(run).toString());
            writeReason(run, e);
            throw e;
        }
    }

    /** Takes one record: decided, recorded, and queued when it may go; all or nothing. */
    @Transactional
    public RecordResult accept(BatchRun run, BatchHeader header, BhvRecord record) {
        TransferWork work = transfers.prepare(header, record);
        RecordResult result = work.deliverable() ? enqueue(run, work) : work.result();
        ledger.record(work.deliveryId(), TransferService.FLOW, run, result);
        if (result.outcome() != Outcome.REFUSED) {
            ledger.content(work.deliveryId(), record.digest());
        }
        runs.record(run, record.position(), record.line(), work.deliveryId(), result);
        if (result.outcome() != Outcome.QUEUED && result.outcome() != Outcome.ALREADY_DELIVERED) {
            log.info("batch {} record {} ({}): {} {} {}", run.batchId(), result.recordId(), result.childRef(),
                    result.outcome().label(), result.code(), result.reason());
        }
        return result;
    }

    private RecordResult enqueue(BatchRun run, TransferWork work) {
        // signed once: every attempt sends these very bytes with this very signature
        byte[] body = work.payload().getBytes(StandardCharsets.UTF_8);
        String signature = Base64.getEncoder().encodeToString(stages.time(Stage.SIGN, () -> signer.sign(body)));
        Outbox.Enqueued queued = outbox.enqueue(new NewDelivery(work.deliveryId(), TransferService.FLOW, run.runId(),
                work.record().recordId(), work.childRef(), work.childId(), work.protectedIdentity(),
                OrganisationId.hsaId(work.sourceUnit()), OrganisationId.skolenhetskod(work.schoolUnit()),
                work.carried(), work.endpoint(), work.payload(), signature));
        return queued.status() == Outbox.Status.DELIVERED ? work.alreadyDelivered() : work.queued();
    }

    /**
     * The same batch, its records' reading timed as {@link Stage#PARSE}; once the gateway is stopping it gives
     * no further record (the records already taken are finished, the rest wait for the next read).
     */
    private BhvBatch timed(BhvBatch batch) {
        return new BhvBatch(batch.header(), new StoppableRecords(batch.records()), batch.closer());
    }

    /** Ends early when the gateway stops, and remembers that it did. */
    private final class StoppableRecords implements Iterator<BhvRecord> {
        private final Iterator<BhvRecord> records;
        private volatile boolean cut;

        StoppableRecords(Iterator<BhvRecord> records) {
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            if (stopping.requested()) {
                cut = true;
                return false;
            }
            return stages.time(Stage.PARSE, records::hasNext);
        }

        @Override
        public BhvRecord next() {
            return stages.time(Stage.PARSE, records::next);
        }
    }

    /** A record that could not be accepted (the transaction was rolled back) is recorded as failed, with why. */
    @Transactional
    public void notAccepted(BatchRun run, BatchHeader header, BhvRecord record, Exception cause) {
        TransferWork work = transfers.describe(header, record);
        String why = DeliveryFailure.scrub(cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + clip(cause.getMessage())));
        RecordResult result = work.notAccepted(why);
        runs.record(run, record.position(), record.line(), work.deliveryId(), result);
        log.error("batch {} record {} ({}): {} {}", run.batchId(), result.recordId(), result.childRef(), result.code(),
                result.reason());
    }

    /** Every record is accepted: the run is reported once each has its answer. */
    public void read(BatchRun run, BhvBatch batch) {
        if (batch.records() instanceof StoppableRecords records && records.cut) {
            throw new ReadingInterrupted("the gateway is stopping");
        }
        close(run, batch);
        runs.read(run.runId());
    }

    void close(BatchRun run, BhvBatch batch) {
        try {
            batch.close();
        } catch (Exception e) {
            log.warn("batch {}: closing the file failed: {}", run == null ? "-" : run.batchId(), e.getMessage());
        }
    }

    /** Reading stopped before the end for a reason not the file's: the file goes back, the run stays open. */
    void handedBack(BatchRun run, String fileName, Exception cause) {
        if (run != null) {
            try {
                runs.release(run.runId(), instance.incarnation());
            } catch (RuntimeException e) {
                // the database is away: the run is released when this process is known gone
                log.warn("run {}: its reader could not be released ({})", run.runId(), e.getClass().getSimpleName());
            }
        }
        java.util.Optional<ReadingInterrupted> interrupted = ReadingInterrupted.in(cause);
        String why = interrupted.map(ReadingInterrupted::getMessage).orElseGet(() -> cause == null ? "unknown"
                : DeliveryFailure.scrub(cause.getClass().getSimpleName() + ": " + clip(String.valueOf(cause.getMessage()))));
        if (interrupted.isPresent()) {
            log.warn("file {} handed back to the inbox, not read to its end: {}; its run {} stays open and the next"
                    + " read resumes it", fileName, why, run == null ? "(not started)" : run.runId());
        } else {
            log.error("file {} handed back to the inbox after an internal error: {}; its run {} stays open and the"
                    + " next read resumes it", fileName, why, run == null ? "(not started)" : run.runId());
        }
    }

    private static String clip(String text) {
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }

    /** The file's SHA-256, or null when it cannot be read (then {@link #open} rejects it). */
    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeReason(BatchRun run, BatchRejectedException e) {
        writeReason(run.fileName(), e.getMessage());
    }

    private void writeReason(String fileName, String reason) {
        try {
            Files.createDirectories(properties.rejected());
            Files.writeString(properties.rejected().resolve(fileName + ".reason.txt"), reason + "\n");
        } catch (IOException io) {
            log.error("cannot write the rejection reason for {}: {}", fileName, io.getMessage());
        }
        log.warn("file {} rejected: {}", fileName, reason);
    }
}
