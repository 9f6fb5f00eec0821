package se.samverkan.gateway.bhv;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.GatewayErrorHandling;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.batch.StageClock;
import se.samverkan.gateway.batch.StageClock.Stage;
import se.samverkan.gateway.security.signature.PayloadSigner;

/**
 * Flow F1 as routes: files arrive in the inbox (watched, or on the nightly schedule), each file is read
 * record by record, and each record is decided, mapped and delivered to its school's EMI endpoint.
 */
public class BhvRoutes extends RouteBuilder {

    static final String RUN = BatchRun.EXCHANGE_PROPERTY;
    static final String FILE = "gwFile";
    static final String BATCH = "gwBatch";
    static final String WORK = "gwWork";
    static final String ENDPOINT = "gwEndpoint";
    static final String SENT = "gwSent";

    private final BhvBatchService batches;
    private final TransferService transfers;
    private final BatchProperties properties;
    private final PayloadSigner signer;
    private final StageClock stages;
    private ProducerTemplate sidecars;

    public BhvRoutes(BhvBatchService batches, TransferService transfers, BatchProperties properties,
                     PayloadSigner signer, StageClock stages) {
        this.batches = batches;
        this.transfers = transfers;
        this.properties = properties;
        this.signer = signer;
        this.stages = stages;
    }

    @Override
    public void configure() {
        from(fileUri(properties.inbox(), inboxSchedule()))
                .routeId("bhv-batch-inbox").routeConfigurationId(GatewayErrorHandling.ID)
                .autoStartup(properties.watch())
                .process(e -> e.getIn().setBody(e.getIn().getBody(File.class).toPath()))
                .to("direct:bhv-batch");

        // a batch with failed deliveries waits here; records already delivered are skipped on the retry
        from(fileUri(properties.retry(), "&delay=" + properties.retryInterval().toMillis()
                + "&initialDelay=" + properties.retryInterval().toMillis()))
                .routeId("bhv-batch-retry").routeConfigurationId(GatewayErrorHandling.ID)
                .autoStartup(properties.watch())
                .process(e -> e.getIn().setBody(e.getIn().getBody(File.class).toPath()))
                .to("direct:bhv-batch");

        from("direct:bhv-batch")
                .routeId("bhv-batch").routeConfigurationId(GatewayErrorHandling.ID)
                .process(e -> {
                    Path file = e.getIn().getBody(Path.class);
                    BatchRun run = batches.start(file);
                    e.setProperty(RUN, run);
                    BhvBatch batch = stages.time(Stage.PARSE, () -> batches.open(run, file));
                    e.setProperty(BATCH, batch);
                    e.setProperty(FILE, file);
                    e.getIn().setBody(timed(batch.records()));
                })
                // records in parallel; the pool's bounded queue (its caller runs when full) keeps memory flat
                .split(body()).streaming().parallelProcessing().executorService(workers())
                    .to("direct:bhv-record")
                .end()
                .process(e -> e.getIn().setBody(batches.finish(e.getProperty(RUN, BatchRun.class),
                        e.getProperty(FILE, Path.class), e.getProperty(BATCH, BhvBatch.class))));

        from("direct:bhv-record")
                .routeId("bhv-record").routeConfigurationId(GatewayErrorHandling.ID)
                .onException(Exception.class).handled(true)
                    .process(e -> {
                        Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        String reason = cause.getClass().getSimpleName()
                                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                        TransferWork work = e.getProperty(WORK, TransferWork.class);
                        if (work == null) {
                            // not even a delivery id: the record is still reported, never silently dropped
                            BhvRecord record = e.getIn().getBody(BhvRecord.class);
                            run(e).add(new RecordResult(record.recordId(), record.line(), null, null,
                                    Outcome.REFUSED, "GW-5002", "the record could not be handled: " + reason,
                                    List.of(), List.of()));
                            return;
                        }
                        stages.time(Stage.COMMIT, () -> batches.conclude(run(e), work, work.failed(reason)));
                    })
                .end()
                .process(e -> {
                    BhvBatch batch = e.getProperty(BATCH, BhvBatch.class);
                    TransferWork work = transfers.begin(batch.header(), e.getIn().getBody(BhvRecord.class));
                    e.setProperty(WORK, work);
                    transfers.prepare(batch.header(), work);
                    e.setProperty(ENDPOINT, work.endpoint());
                    if (!work.deliverable()) {
                        stages.time(Stage.COMMIT, () -> batches.conclude(run(e), work, work.result()));
                    }
                })
                .filter(e -> e.getProperty(WORK, TransferWork.class).deliverable())
                    .process(e -> {
                        TransferWork work = e.getProperty(WORK, TransferWork.class);
                        // nothing from inside the gateway travels as a header to another organisation
                        e.getIn().removeHeaders("*");
                        e.getIn().setHeader(Exchange.FILE_NAME, work.deliveryId() + ".json");
                        e.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
                        e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/fhir+json; charset=utf-8");
                        e.getIn().setHeader("X-Delivery-Id", work.deliveryId().toString());
                        // the exact bytes sent are the bytes signed (a detached CMS signature, certs/README.md)
                        byte[] body = work.payload().getBytes(StandardCharsets.UTF_8);
                        byte[] signature = stages.time(Stage.SIGN, () -> signer.sign(body));
                        e.getIn().setHeader(PayloadSigner.HEADER, Base64.getEncoder().encodeToString(signature));
                        e.getIn().setBody(body);
                        if (work.endpoint().startsWith("file:")) {
                            // a folder has no headers: the signature goes first, as <id>.json.p7s beside the Bundle
                            sidecars().send(work.endpoint(), sidecar -> {
                                sidecar.getIn().setHeader(Exchange.FILE_NAME, work.deliveryId() + ".json"
                                        + PayloadSigner.SIDECAR_SUFFIX);
                                sidecar.getIn().setBody(signature);
                            });
                        }
                        e.setProperty(SENT, System.nanoTime());
                    })
                    .toD("${exchangeProperty." + ENDPOINT + "}").id("deliver-emi")
                    .process(e -> {
                        stages.add(Stage.DELIVER, System.nanoTime() - e.getProperty(SENT, Long.class));
                        TransferWork work = e.getProperty(WORK, TransferWork.class);
                        stages.time(Stage.COMMIT, () -> batches.conclude(run(e), work, work.delivered()));
                    })
                .end();
    }

    private synchronized ProducerTemplate sidecars() {
        if (sidecars == null) {
            sidecars = getContext().createProducerTemplate();
        }
        return sidecars;
    }

    private ExecutorService workers() {
        return getContext().getExecutorServiceManager().newThreadPool(this, "bhv-record", properties.workers(),
                properties.workers());
    }

    /** The records as they are read, the reading counted as parse time. */
    private Iterator<BhvRecord> timed(Iterator<BhvRecord> records) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return stages.time(Stage.PARSE, records::hasNext);
            }

            @Override
            public BhvRecord next() {
                return stages.time(Stage.PARSE, records::next);
            }
        };
    }

    private static BatchRun run(Exchange e) {
        return e.getProperty(RUN, BatchRun.class);
    }

    private String inboxSchedule() {
        String cron = properties.cron();
        if (cron != null && !cron.isBlank()) {
            return "&scheduler=quartz&scheduler.cron=" + cron.trim().replace(' ', '+');
        }
        return "&delay=" + properties.pollInterval().toMillis();
    }

    private String fileUri(Path folder, String schedule) {
        Path dir = folder.toAbsolutePath();
        String stamp = "${date:now:yyyyMMdd-HHmmss}-${file:name}";
        return "file:" + dir + "?include=.*\\.xml&readLock=changed&readLockCheckInterval=500"
                + "&preMove=.in-progress/${file:name}&move=" + properties.processed().toAbsolutePath() + "/" + stamp
                + "&moveFailed=" + properties.rejected().toAbsolutePath() + "/${file:name}"
                + schedule;
    }
}
