package se.samverkan.gateway.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where batch files arrive and go. With {@code cron} set (Quartz syntax, e.g. {@code 0 0 2 * * ?} for
 * 02:00 every night) the inbox is read on that schedule; without it the inbox is watched and a file is
 * taken as soon as it has stopped growing. The poll interval is also how often finished runs are looked for
 * to be reported. {@code workers}: records of one file accepted at once (each in its own transaction); the
 * file is still read by one thread, in order. {@code shutdown-grace}: how long a stopping gateway waits for the
 * records and deliveries in hand before it exits (what is not done by then is handed back). {@code database-wait}:
 * how long a reader waits for a database that went away before it hands the file back.
 */
@ConfigurationProperties("gateway.batch")
public record BatchProperties(
        @DefaultValue("var/inbox") Path inbox,
        @DefaultValue("var/processed") Path processed,
        @DefaultValue("var/rejected") Path rejected,
        @DefaultValue("var/reports") Path reports,
        @DefaultValue("true") boolean watch,
        String cron,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue List<Path> preload,
        @DefaultValue("2") int workers,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue("5m") Duration databaseWait) {

    public BatchProperties {
        if (workers < 1) {
            throw new IllegalStateException("gateway.batch.workers must be at least 1");
        }
    }
}
