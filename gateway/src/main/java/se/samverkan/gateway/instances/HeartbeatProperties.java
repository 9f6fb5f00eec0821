package se.samverkan.gateway.instances;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often this gateway tells the database it is alive, and after how long without a heartbeat another instance
 * on the same database takes its work over: its outbox claims, the file it was reading, its runs' reports. The
 * timeout must cover a long pause (a full GC, a slow disk): an instance taken for dead while alive may send a
 * delivery twice (under its delivery id, which the receivers de-duplicate on).
 */
@ConfigurationProperties("gateway.heartbeat")
public record HeartbeatProperties(
        @DefaultValue("5s") Duration interval,
        @DefaultValue("30s") Duration timeout) {

    public HeartbeatProperties {
        if (timeout.compareTo(interval.multipliedBy(3)) < 0) {
            throw new IllegalStateException("gateway.heartbeat.timeout (" + timeout + ") must be at least three times"
                    + " gateway.heartbeat.interval (" + interval + ")");
        }
    }
}
