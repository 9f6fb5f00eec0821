package se.samverkan.gateway.bhv;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.ThreadPoolBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.DatabaseWait;
import se.samverkan.gateway.batch.GatewayErrorHandling;
import se.samverkan.gateway.batch.ReadingInterrupted;

/**
 * Flow F1 as routes: files arrive in the inbox (watched, or on the nightly schedule), each file is read
 * record by record, and each record is decided, mapped and accepted into the outbox (a few at once), from which the
 * delivery route ({@code outbox-delivery}) sends it to its school's EMI endpoint.
 */
public class BhvRoutes extends RouteBuilder {

    static final String RUN = BatchRun.EXCHANGE_PROPERTY;
    static final String BATCH = "gwBatch";

    private final BhvBatchService batches;
    private final BatchProperties properties;
    private final DatabaseWait database;

    public BhvRoutes(BhvBatchService batches, BatchProperties properties, DatabaseWait database) {
        this.batches = batches;
        this.properties = properties;
        this.database = database;
    }

    @Override
    public void configure() throws Exception {
        // records are accepted by a few workers at once (each record is its own transaction, and a resumed run
        // skips the positions already accepted, in whatever order they were); the file is read by one thread,
        // which runs a record itself when the short queue is full, so no more than a few records are in memory
        ExecutorService acceptors = new ThreadPoolBuilder(getContext()).poolSize(properties.workers())
                .maxPoolSize(properties.workers()).maxQueueSize(properties.workers() * 2)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build(this, "bhv-accept");

        // the file is moved to processed only when every record is accepted: until then it waits in .in-progress/
        from(Inboxes.uri(properties.inbox(), properties))
                .routeId("bhv-batch-inbox").routeConfigurationId(GatewayErrorHandling.ID)
                .autoStartup(properties.watch())
                .process(e -> {
                    Inboxes.acknowledgeTo(e, properties);
                    e.getIn().setBody(e.getIn().getBody(File.class).toPath());
                })
                .to("direct:bhv-batch");

        from("direct:bhv-batch")
                .routeId("bhv-batch").routeConfigurationId(GatewayErrorHandling.ID)
                // only a bad file is rejected: anything else that stops the reading (the gateway stopping, the
                // database away for too long, a fault of ours) hands the file back, and its run stays open
                .onException(Exception.class).onWhen(e -> !rejected(e)).handled(true)
                    .process(this::handBack)
                .end()
                .process(e -> {
                    Path file = e.getIn().getBody(Path.class);
                    BatchRun run = database.call("starting the run of " + file.getFileName(),
                            () -> batches.start(file));
                    e.setProperty(RUN, run);
                    BhvBatch batch = batches.open(run, file);
                    e.setProperty(BATCH, batch);
                    e.getIn().setBody(batch.records());
                })
                .split(body()).streaming().parallelProcessing().stopOnException().executorService(acceptors)
                    .to("direct:bhv-record")
                .end()
                .process(e -> database.run("closing the run", () -> batches.read(run(e),
                        e.getProperty(BATCH, BhvBatch.class))));

        from("direct:bhv-record")
                .routeId("bhv-record").routeConfigurationId(GatewayErrorHandling.ID)
                // two records touching the same registry entries at once (twins share their guardians): the loser's
                // transaction was rolled back whole, so it is simply accepted again
                .onException(DuplicateKeyException.class, ConcurrencyFailureException.class)
                    .maximumRedeliveries(3).redeliveryDelay(20).handled(true)
                    .process(this::notAccepted)
                .end()
                // not this record's fault: it stays unread, and the file is handed back
                .onException(ReadingInterrupted.class).handled(false)
                .end()
                .onException(Exception.class).handled(true)
                    .process(this::notAccepted)
                .end()
                // a record an interrupted earlier attempt at this run already accepted is not taken twice
                .filter(e -> !run(e).accepted(e.getIn().getBody(BhvRecord.class).position()))
                    .process(e -> database.call("accepting a record", () -> batches.accept(run(e), header(e),
                            e.getIn().getBody(BhvRecord.class))))
                .end();
    }

    private static boolean rejected(Exchange e) {
        return e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class) instanceof BatchRejectedException;
    }

    private void handBack(Exchange e) {
        Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        BhvBatch batch = e.getProperty(BATCH, BhvBatch.class);
        BatchRun run = run(e);
        if (batch != null) {
            batches.close(run, batch);
        }
        Inboxes.handBack(e, properties.inbox());
        e.setProperty(ReadingInterrupted.HANDED_BACK, true);
        batches.handedBack(run, e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class), cause);
    }

    private void notAccepted(Exchange e) {
        Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        database.run("recording a record that was not accepted", () -> batches.notAccepted(run(e), header(e),
                e.getIn().getBody(BhvRecord.class), cause));
    }

    private static BatchRun run(Exchange e) {
        return e.getProperty(RUN, BatchRun.class);
    }

    private static se.samverkan.gateway.bhv.xml.BatchHeader header(Exchange e) {
        return e.getProperty(BATCH, BhvBatch.class).header();
    }
}
