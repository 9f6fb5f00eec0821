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
import se.samverkan.gateway.batch.GatewayErrorHandling;

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

    public BhvRoutes(BhvBatchService batches, BatchProperties properties) {
        this.batches = batches;
        this.properties = properties;
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
                .process(e -> e.getIn().setBody(e.getIn().getBody(File.class).toPath()))
                .to("direct:bhv-batch");

        from("direct:bhv-batch")
                .routeId("bhv-batch").routeConfigurationId(GatewayErrorHandling.ID)
                .process(e -> {
                    Path file = e.getIn().getBody(Path.class);
                    BatchRun run = batches.start(file);
                    e.setProperty(RUN, run);
                    BhvBatch batch = batches.open(run, file);
                    e.setProperty(BATCH, batch);
                    e.getIn().setBody(batch.records());
                })
                .split(body()).streaming().parallelProcessing().executorService(acceptors)
                    .to("direct:bhv-record")
                .end()
                .process(e -> batches.read(run(e), e.getProperty(BATCH, BhvBatch.class)));

        from("direct:bhv-record")
                .routeId("bhv-record").routeConfigurationId(GatewayErrorHandling.ID)
                // two records touching the same registry entries at once (twins share their guardians): the loser's
                // transaction was rolled back whole, so it is simply accepted again
                .onException(DuplicateKeyException.class, ConcurrencyFailureException.class)
                    .maximumRedeliveries(3).redeliveryDelay(20).handled(true)
                    .process(this::notAccepted)
                .end()
                .onException(Exception.class).handled(true)
                    .process(this::notAccepted)
                .end()
                // a record an interrupted earlier attempt at this run already accepted is not taken twice
                .filter(e -> !run(e).accepted(e.getIn().getBody(BhvRecord.class).position()))
                    .process(e -> batches.accept(run(e), header(e), e.getIn().getBody(BhvRecord.class)))
                .end();
    }

    private void notAccepted(Exchange e) {
        batches.notAccepted(run(e), header(e), e.getIn().getBody(BhvRecord.class),
                e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    private static BatchRun run(Exchange e) {
        return e.getProperty(RUN, BatchRun.class);
    }

    private static se.samverkan.gateway.bhv.xml.BatchHeader header(Exchange e) {
        return e.getProperty(BATCH, BhvBatch.class).header();
    }
}
