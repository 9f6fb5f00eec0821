package se.samverkan.gateway.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Whether this gateway has been asked to stop (SIGTERM, a systemd stop, a rolling deploy). Spring publishes the
 * closing event before Camel's graceful shutdown begins to wait for work in flight, so the readers and the
 * outbox learn it first: they take no new record and no new delivery, finish or hand back what they hold, and
 * Camel then has little left to wait for.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class Stopping implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(Stopping.class);

    private volatile boolean requested;

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (!requested) {
            requested = true;
            log.info("stopping: no new records or deliveries are taken; work in hand is finished or handed back");
        }
    }

    public boolean requested() {
        return requested;
    }

    /** For the one-shot commands and tests. */
    public void request() {
        requested = true;
    }
}
