package se.samverkan.gateway.delivery;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * {@code gateway redrive --all | DELIVERY-ID...}: sends parked deliveries again from the command line, waits
 * for each to have its answer (this process delivers them, deciding again first), and prints how each
 * ended. Exit 0 when every one was delivered (or nothing was parked), 1 when one was not (failed again and
 * waits for a retry, parked again, or held), 2 when a named delivery is not parked, 66 when there is no such
 * delivery, 64 on a usage error.
 */
@Component
public class RedriveCommand {

    public static final int OK = 0;
    public static final int NOT_ALL_DELIVERED = 1;
    public static final int NOT_PARKED = 2;
    public static final int USAGE = 64;
    public static final int NO_SUCH_DELIVERY = 66;

    private final OutboxAdmin admin;
    private final Outbox outbox;
    private final Clock clock;

    public RedriveCommand(OutboxAdmin admin, Outbox outbox, Clock clock) {
        this.admin = admin;
        this.outbox = outbox;
        this.clock = clock;
    }

    public int run(List<String> args, PrintStream out, Duration wait) {
        String operator = "command line (" + System.getProperty("user.name", "unknown user") + ")";
        List<UUID> ids = new ArrayList<>();
        if (args.equals(List.of("--all"))) {
            ids.addAll(admin.parked());
            if (ids.isEmpty()) {
                out.println("nothing is parked");
                return OK;
            }
        } else if (!args.isEmpty() && !args.contains("--all")) {
            for (String arg : args) {
                try {
                    ids.add(UUID.fromString(arg));
                } catch (IllegalArgumentException e) {
                    out.println("not a delivery id: " + arg);
                    return USAGE;
                }
            }
        } else {
            out.println("usage: gateway redrive --all | DELIVERY-ID...");
            return USAGE;
        }
        java.util.Map<UUID, Integer> before = new java.util.HashMap<>();
        for (UUID id : ids) {
            switch (admin.redrive(id, operator)) {
                case NO_SUCH_DELIVERY -> {
                    out.println(id + ": no such delivery");
                    return NO_SUCH_DELIVERY;
                }
                case NOT_PARKED -> {
                    out.println(id + ": " + admin.entry(id).map(e -> e.status().name().toLowerCase()).orElse("gone")
                            + ", not parked: nothing to re-drive");
                    return NOT_PARKED;
                }
                case REQUEUED -> {
                    before.put(id, outbox.entry(id).orElseThrow().attempts());
                    out.println(id + ": re-driven");
                }
            }
        }
        Instant deadline = clock.instant().plus(wait);
        List<OutboxEntry> ended = new ArrayList<>();
        for (UUID id : ids) {
            OutboxEntry entry = outbox.entry(id).orElseThrow();
            while (!answered(entry, before.get(id)) && clock.instant().isBefore(deadline)) {
                pause();
                entry = outbox.entry(id).orElseThrow();
            }
            ended.add(entry);
        }
        boolean all = true;
        for (OutboxEntry e : ended) {
            boolean delivered = e.status() == Outbox.Status.DELIVERED;
            all &= delivered;
            out.println(e.deliveryId() + " (" + e.recordId() + ", " + e.childRef() + " to " + e.recipient() + "): "
                    + (delivered ? "delivered" : answered(e, before.get(e.deliveryId())) ? e.status().name().toLowerCase() + " " + e.lastCode()
                    + " " + e.lastError() : "no answer within " + wait + "; the outbox keeps it"));
        }
        return all ? OK : NOT_ALL_DELIVERED;
    }

    /** Delivered, held, parked, or tried once more since the re-drive and waiting for a retry. */
    private static boolean answered(OutboxEntry e, int attemptsBefore) {
        return e.status() != Outbox.Status.PENDING || (e.attempts() > attemptsBefore && !e.inFlight());
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
