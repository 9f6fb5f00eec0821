package se.samverkan.gateway.instances;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.GatewayInstance;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.batch.BatchRuns;
import se.samverkan.gateway.delivery.Outbox;

/**
 * This process's heartbeat, and what it does when another one's stops: the gone process's outbox claims are
 * freed at once (not when their leases run out), the file it was reading is moved into this instance's inbox,
 * where it is resumed from the records already accepted, and its runs are reported from here. One live instance
 * takes a gone one over (a conditional update decides which).
 *
 * <p>An instance that was itself away from the database cannot tell a gone process from one that could not beat
 * either, so it takes nothing over until its own heartbeat has been fresh for a whole timeout.
 */
@Component
public class Heartbeat implements org.springframework.beans.factory.SmartInitializingSingleton,
        org.springframework.beans.factory.DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final Instances instances;
    private final BatchRuns runs;
    private final Outbox outbox;
    private final GatewayInstance me;
    private final HeartbeatProperties properties;
    private final BatchProperties batch;
    private final Clock clock;
    private final se.samverkan.gateway.batch.DatabaseWait database;
    private volatile Instant beatingSince;
    private java.util.concurrent.ScheduledExecutorService beats;

    public Heartbeat(Instances instances, BatchRuns runs, Outbox outbox, GatewayInstance me,
                     HeartbeatProperties properties, BatchProperties batch, Clock clock,
                     se.samverkan.gateway.batch.DatabaseWait database) {
        this.database = database;
        this.instances = instances;
        this.runs = runs;
        this.outbox = outbox;
        this.me = me;
        this.properties = properties;
        this.batch = batch;
        this.clock = clock;
    }

    /**
     * Joins, and beats from then on in a thread of its own: from before the routes start (a slow start must not
     * look like a gone process) until after they stopped.
     */
    @Override
    public void afterSingletonsInstantiated() {
        join();
        beats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "instance-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = properties.interval().toMillis();
        beats.scheduleWithFixedDelay(() -> {
            try {
                database.poll("the heartbeat", () -> {
                    beat();
                    return null;
                }, null);
            } catch (RuntimeException e) {
                log.error("heartbeat failed: {}", e.getClass().getSimpleName());
            }
        }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        if (beats != null) {
            beats.shutdownNow();
        }
        try {
            leave();
        } catch (RuntimeException e) {
            log.warn("the stop could not be told to the other instances ({}); they see it at the heartbeat timeout",
                    e.getClass().getSimpleName());
        }
    }

    /** At start, before any inbox is read: this process is registered, and its own predecessors are gone. */
    public void join() {
        Instant now = clock.instant();
        instances.register(me, now);
        beatingSince = now;
        for (Instances.Gone gone : instances.predecessors(me)) {
            if (instances.takeOver(gone, me, now)) {
                // its files are in this instance's own .in-progress/ and go back into the inbox at start
                runs.orphan(gone.incarnation());
            }
        }
    }

    /** Runs since when the heartbeat of a live process is at least as fresh. */
    public Instant liveSince() {
        return clock.instant().minus(properties.timeout());
    }

    /** One beat; then, if this instance may judge, the gone ones are taken over. */
    public void beat() {
        Instant now = clock.instant();
        boolean beating;
        try {
            beating = instances.beat(me, now);
        } catch (RuntimeException e) {
            beatingSince = null;
            throw e;
        }
        if (!beating) {
            log.error("this instance was taken for gone by another (its heartbeat lapsed for {}); what was taken over"
                    + " stays where it went, and this instance beats again", properties.timeout());
            instances.rejoin(me, now);
            beatingSince = now;
            return;
        }
        if (beatingSince == null) {
            beatingSince = now;
        }
        if (now.isBefore(beatingSince.plus(properties.timeout()))) {
            return;
        }
        for (Instances.Gone gone : instances.gone(me, liveSince())) {
            if (instances.takeOver(gone, me, now)) {
                takeOver(gone);
            }
        }
    }

    private void takeOver(Instances.Gone gone) {
        int claims = outbox.releaseClaimsOf(gone.incarnation());
        int files = 0;
        for (BatchRuns.Orphan orphan : runs.orphan(gone.incarnation())) {
            files += resume(orphan) ? 1 : 0;
        }
        int reports = gone.name().equals(me.name()) ? 0 : runs.adopt(gone.name(), me.name());
        if (claims + files + reports > 0 || !gone.lastSeen().equals(Instant.EPOCH)) {
            log.warn("instance {} is gone (last heartbeat {}): {} deliveries it held released, {} files it was reading"
                    + " resumed here, {} of its runs reported from here", gone.name(),
                    gone.lastSeen().equals(Instant.EPOCH) ? "at its stop" : gone.lastSeen(), claims, files, reports);
        }
    }

    /** The file of a run nobody reads now goes into this instance's inbox, if it can be reached from here. */
    private boolean resume(BatchRuns.Orphan orphan) {
        if (orphan.path() == null) {
            return false;
        }
        Path file = Path.of(orphan.path());
        if (!Files.isRegularFile(file)) {
            log.warn("run {} ({}) is not read to its end and its file is not reachable from here ({}): dropping the"
                    + " file into any inbox resumes it", orphan.runId(), orphan.fileName(), file.getParent());
            return false;
        }
        try {
            Path inbox = Files.createDirectories(batch.inbox().toAbsolutePath());
            Path target = inbox.resolve(file.getFileName());
            if (Files.exists(target)) {
                target = inbox.resolve("resumed-" + System.currentTimeMillis() + "-" + file.getFileName());
            }
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            log.warn("run {} ({}): its file could not be moved into this inbox ({}); dropping it into any inbox"
                    + " resumes it", orphan.runId(), orphan.fileName(), e.getClass().getSimpleName());
            return false;
        }
    }

    /** A graceful stop: the others may take over at once what this instance leaves (its runs to report). */
    public void leave() {
        instances.leave(me);
    }
}
