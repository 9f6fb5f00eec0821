package se.samverkan.gateway.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox's delivery route: how often it looks for due deliveries and how many it sends at once; how long
 * one send may take; how long a claim lasts (a claim outlives a send by far, or a slow send could be claimed
 * again by another instance); and the backoff: full jitter under a curve that doubles from
 * {@code backoff-initial} up to {@code backoff-max}, giving up after {@code max-attempts}.
 */
@ConfigurationProperties("gateway.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("32") int batchSize,
        @DefaultValue("4") int concurrency,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("30s") Duration backoffInitial,
        @DefaultValue("1h") Duration backoffMax,
        @DefaultValue("25") int maxAttempts) {

    public OutboxProperties {
        if (lease.compareTo(timeout.multipliedBy(3)) < 0) {
            throw new IllegalStateException("gateway.outbox.lease (" + lease + ") must be at least three times"
                    + " gateway.outbox.timeout (" + timeout + "): a send still running must not be claimed again");
        }
        if (batchSize < 1 || concurrency < 1 || maxAttempts < 1) {
            throw new IllegalStateException("gateway.outbox: batch-size, concurrency and max-attempts must be positive");
        }
    }
}
