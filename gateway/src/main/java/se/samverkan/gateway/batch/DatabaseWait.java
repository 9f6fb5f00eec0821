package se.samverkan.gateway.batch;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * A reader's step that needs the database, tried again while the database is away (restarting, failing over,
 * the network between): with a growing pause up to 5 s, at most {@code gateway.batch.database-wait} in all, and
 * not past a stop. The step is a whole transaction, so a failed try left nothing behind and trying again is
 * safe. What it cannot wait out becomes {@link ReadingInterrupted}: the file is handed back, nothing skipped.
 * While it waits, {@link #waitingSince()} says so (the readers' health).
 */
@Component
public class DatabaseWait {

    private static final Logger log = LoggerFactory.getLogger(DatabaseWait.class);

    private final Duration atMost;
    private final Stopping stopping;
    private final Clock clock;
    private volatile Instant waitingSince;

    public DatabaseWait(BatchProperties properties, Stopping stopping, Clock clock) {
        this.atMost = properties.databaseWait();
        this.stopping = stopping;
        this.clock = clock;
    }

    public <T> T call(String step, Supplier<T> work) {
        Instant first = null;
        long pause = 100;
        int tries = 0;
        while (true) {
            try {
                T result = work.get();
                if (first != null) {
                    log.warn("database back: {} went through after {} tries and {} ms", step, tries,
                            Duration.between(first, clock.instant()).toMillis());
                    waitingSince = null;
                }
                return result;
            } catch (RuntimeException e) {
                if (!outage(e)) {
                    throw e;
                }
                tries++;
                Instant now = clock.instant();
                if (first == null) {
                    first = now;
                    if (waitingSince == null) {
                        waitingSince = now;
                    }
                    log.warn("database unavailable during {}: waiting up to {} for it ({})", step, atMost,
                            e.getClass().getSimpleName());
                }
                if (stopping.requested()) {
                    throw new ReadingInterrupted("the gateway is stopping while the database is unavailable", e);
                }
                if (Duration.between(first, now).compareTo(atMost) >= 0) {
                    log.error("database unavailable for {} during {}: given up", atMost, step);
                    throw new ReadingInterrupted("the database was unavailable for " + atMost, e);
                }
                pause(pause);
                pause = Math.min(pause * 2, 5_000);
            }
        }
    }

    public void run(String step, Runnable work) {
        call(step, () -> {
            work.run();
            return null;
        });
    }

    /**
     * A periodic step (a poll) while the database may be away: an outage gives the fallback and one line in the
     * log, not an error with a stack trace every poll; the next poll tries again.
     */
    public <T> T poll(String step, Supplier<T> work, T fallback) {
        try {
            T result = work.get();
            if (pollsAway.compareAndSet(true, false)) {
                log.warn("database back: {} goes on", step);
            }
            return result;
        } catch (RuntimeException e) {
            if (!outage(e)) {
                throw e;
            }
            if (pollsAway.compareAndSet(false, true)) {
                log.warn("database unavailable: {} waits for it ({})", step, e.getClass().getSimpleName());
            }
            return fallback;
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean pollsAway = new java.util.concurrent.atomic.AtomicBoolean();

    /** Since when a reader has been waiting for the database, if one is. */
    public Optional<Instant> waitingSince() {
        return Optional.ofNullable(waitingSince);
    }

    /**
     * Whether the failure is the database being out of reach (the connection, the server going down), not what
     * was asked of it: a constraint or a bad statement fails the same way every time and is not waited out.
     */
    public static boolean outage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof TransientDataAccessResourceException || t instanceof RecoverableDataAccessException
                    || t instanceof SQLRecoverableException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof TransactionSystemException && outage(((TransactionSystemException) t)
                    .getOriginalException())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection; 57P: the server shutting down or restarting; 53: out of resources; 90098 and
                // 90121: H2's database closed (at shutdown)
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                        || state.equals("90098") || state.equals("90121")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadingInterrupted("interrupted while waiting for the database", e);
        }
    }
}
