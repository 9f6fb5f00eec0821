package se.samverkan.gateway.delivery;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.gateway.batch.DatabaseWait;
import se.samverkan.gateway.batch.GatewayErrorHandling;
import se.samverkan.gateway.batch.StageClock.Stage;
import se.samverkan.gateway.batch.StageClock;
import se.samverkan.gateway.batch.Stopping;
import se.samverkan.gateway.security.signature.PayloadSigner;

/**
 * The delivery route: every poll it takes the due rows of the outbox a page at a time and hands them to the
 * senders ({@link Senders}: no recipient holds more than its share of them, and a freed sender takes the next row
 * at once), which for each claim it, decide again, send the stored bytes with their stored signature to the
 * recipient's endpoint ({@code deliver-emi}) and conclude. Nothing from inside the gateway travels as a header.
 */
public class OutboxRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(OutboxRoutes.class);

    static final String ITEM = "gwOutboxItem";
    static final String ENDPOINT = "gwEndpoint";
    public static final String DELIVERY_ID_HEADER = "X-Delivery-Id";
    private static final String SENT = "gwSent";

    private final Outbox outbox;
    private final OutboxDelivery delivery;
    private final OutboxProperties properties;
    private final StageClock stages;
    private final Stopping stopping;
    private final DatabaseWait database;
    private Senders senders;

    public OutboxRoutes(Outbox outbox, OutboxDelivery delivery, OutboxProperties properties, StageClock stages,
                        Stopping stopping, DatabaseWait database) {
        this.stopping = stopping;
        this.database = database;
        this.outbox = outbox;
        this.delivery = delivery;
        this.properties = properties;
        this.stages = stages;
    }

    @Override
    public void configure() {
        ExecutorService pool = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "outbox-delivery", properties.concurrency());
        ProducerTemplate sidecars = getContext().createProducerTemplate();
        ProducerTemplate attempts = getContext().createProducerTemplate();
        // a stopping gateway claims nothing more: what it holds is finished or, at the end of the grace, released
        // for the next instance
        senders = new Senders(properties.concurrency(), properties.batchSize(),
                skip -> database.poll("the outbox", () -> outbox.due(properties.batchSize(), skip), List.of()),
                id -> {
                    try {
                        attempts.sendBody("direct:outbox-attempt", id);
                    } catch (RuntimeException e) {
                        log.error("outbox: attempt at delivery {} failed: {}", id, e.getClass().getSimpleName());
                    }
                },
                pool, stopping::requested);

        from("timer:outbox-delivery?delay=" + properties.pollInterval().toMillis() + "&period="
                + properties.pollInterval().toMillis())
                .routeId("outbox-delivery").routeConfigurationId(GatewayErrorHandling.ID)
                .process(e -> senders.poll());

        from("direct:outbox-attempt")
                .routeId("outbox-attempt").routeConfigurationId(GatewayErrorHandling.ID)
                .onException(Exception.class).handled(true)
                    .process(this::failed)
                .end()
                .process(e -> {
                    if (stopping.requested()) {
                        return;
                    }
                    // the claim and the decision made again right before sending (C12)
                    Optional<OutboxItem> item = stages.time(Stage.DECIDE,
                            () -> delivery.take(e.getIn().getBody(UUID.class)));
                    item.ifPresent(it -> {
                        e.setProperty(ITEM, it);
                        e.setProperty(ENDPOINT, it.endpoint());
                    });
                })
                .filter(exchangeProperty(ITEM).isNotNull())
                    .process(e -> {
                        prepare(e, sidecars);
                        e.setProperty(SENT, System.nanoTime());
                    })
                    .toD("${exchangeProperty." + ENDPOINT + "}").id("deliver-emi")
                    .process(e -> {
                        stages.add(Stage.DELIVER, System.nanoTime() - e.getProperty(SENT, Long.class));
                        // an answer that cannot be recorded while the database is away is recorded once it is
                        // back, not left for the lease to run out and the delivery to be sent again
                        stages.time(Stage.COMMIT, () -> database.run("recording a delivery",
                                () -> delivery.delivered(e.getProperty(ITEM, OutboxItem.class))));
                    })
                .end();
    }

    /** The stored bytes and signature, and nothing else of ours: every header is cleared first. */
    private static void prepare(Exchange e, ProducerTemplate sidecars) {
        OutboxItem item = e.getProperty(ITEM, OutboxItem.class);
        e.getIn().removeHeaders("*");
        e.getIn().setHeader(Exchange.FILE_NAME, item.deliveryId() + ".json");
        e.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/fhir+json; charset=utf-8");
        e.getIn().setHeader(DELIVERY_ID_HEADER, item.deliveryId().toString());
        e.getIn().setHeader(PayloadSigner.HEADER, item.signature());
        e.getIn().setBody(item.body());
        if (item.endpoint().startsWith("file:")) {
            // a folder has no headers: the signature goes first, as <id>.json.p7s beside the Bundle
            sidecars.sendBodyAndHeader(item.endpoint(), item.signatureBytes(), Exchange.FILE_NAME,
                    item.deliveryId() + ".json" + PayloadSigner.SIDECAR_SUFFIX);
        }
    }

    private void failed(Exchange e) {
        Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        OutboxItem item = e.getProperty(ITEM, OutboxItem.class);
        if (item == null) {
            // the claim or the decision could not be written: nothing was sent, the row stays due
            log.error("outbox: a delivery could not be taken: {}", cause.getClass().getSimpleName());
            return;
        }
        database.run("recording a failed delivery attempt", () -> delivery.failed(item, cause));
    }
}
