package se.samverkan.gateway.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where batch files arrive and go. With {@code cron} set (Quartz syntax, e.g. {@code 0 0 2 * * ?} for
 * 02:00 every night) the inbox is read on that schedule; without it the inbox is watched and a file is
 * taken as soon as it has stopped growing. {@code threads}: how many records of a batch are worked on at once
 * (0: one per processor); the records of one child never meet, so the order of work does not matter.
 */
@ConfigurationProperties("gateway.batch")
public record BatchProperties(
        @DefaultValue("var/inbox") Path inbox,
        @DefaultValue("var/processed") Path processed,
        @DefaultValue("var/rejected") Path rejected,
        @DefaultValue("var/retry") Path retry,
        @DefaultValue("var/reports") Path reports,
        @DefaultValue("true") boolean watch,
        String cron,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("15m") Duration retryInterval,
        @DefaultValue List<Path> preload,
        @DefaultValue("0") int threads) {

    /** The number of records worked on at once: {@code threads}, or one per processor when it is 0. */
    public int workers() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
