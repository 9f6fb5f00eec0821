package se.samverkan.gateway.security;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Looks at the CRL files every {@code gateway.security.crl-refresh} ({@link Revocation#check()}). */
final class RevocationWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RevocationWatch.class);

    private final Revocation revocation;
    private final Duration every;
    private ScheduledExecutorService scheduler;

    RevocationWatch(Revocation revocation, Duration every) {
        this.revocation = revocation;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        revocation.check();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "crl-watch");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                revocation.check();
            } catch (RuntimeException e) {
                log.error("GW-6201 the CRL check failed", e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
