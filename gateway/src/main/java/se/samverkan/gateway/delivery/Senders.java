package se.samverkan.gateway.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hands due deliveries to the senders, so that no recipient holds more than its share of them: with n senders
 * and k recipients that have something to send, a recipient has at most ceil(n / k) sends in flight (all n
 * when it is the only one). A recipient that hangs until the timeout then ties up only its share, and the
 * others' deliveries go on at the rate of the senders left to them. A send ending hands the freed sender on at
 * once (from the page in hand, or from the next page while pages come back full); the poll interval only paces
 * an outbox with nothing in flight.
 */
final class Senders {

    private static final long SEEN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    /** A due row and where it goes. */
    record Due(UUID id, String endpoint) {
    }

    private final int senders;
    private final int pageSize;
    private final Function<Set<String>, List<Due>> page;
    private final Consumer<UUID> send;
    private final ExecutorService pool;
    private final BooleanSupplier stopping;
    private final Deque<Due> pending = new ArrayDeque<>();
    private final Map<String, Integer> busy = new HashMap<>();
    private final Set<UUID> inFlight = new HashSet<>();
    /** Recipients seen with something due lately: a page that happens to hold one recipient's rows alone does
     * not make it the only one. */
    private final Map<String, Long> seen = new HashMap<>();
    private boolean more;

    /**
     * @param page the due rows, oldest first, leaving out the endpoints given (they have their share in flight)
     * @param send one attempt at one row (claim, decide, send, conclude); it must not throw
     */
    Senders(int senders, int pageSize, Function<Set<String>, List<Due>> page, Consumer<UUID> send,
            ExecutorService pool, BooleanSupplier stopping) {
        this.senders = senders;
        this.pageSize = pageSize;
        this.page = page;
        this.send = send;
        this.pool = pool;
        this.stopping = stopping;
    }

    /** A poll: a fresh page, and as many of it handed to free senders as the shares allow. */
    void poll() {
        pump(true);
    }

    synchronized int inFlight() {
        return inFlight.size();
    }

    /** The share of senders one recipient may hold now. */
    synchronized int share() {
        long now = System.nanoTime();
        seen.values().removeIf(at -> now - at > SEEN_NANOS);
        Set<String> active = new HashSet<>(busy.keySet());
        active.addAll(seen.keySet());
        pending.forEach(d -> active.add(d.endpoint()));
        return Math.max(1, (senders + Math.max(1, active.size()) - 1) / Math.max(1, active.size()));
    }

    private void pump(boolean refresh) {
        synchronized (this) {
            if (stopping.getAsBoolean()) {
                pending.clear();
                return;
            }
            if (inFlight.size() >= senders) {
                return;
            }
            if (refresh || (pending.isEmpty() && more)) {
                Set<String> full = new HashSet<>();
                int share = share();
                busy.forEach((endpoint, n) -> {
                    if (n >= share) {
                        full.add(endpoint);
                    }
                });
                List<Due> due = page.apply(full);
                more = due.size() >= pageSize;
                pending.clear();
                due.stream().filter(d -> !inFlight.contains(d.id())).forEach(pending::add);
                long now = System.nanoTime();
                due.forEach(d -> seen.put(d.endpoint(), now));
            }
            int share = share();
            for (Iterator<Due> it = pending.iterator(); it.hasNext() && inFlight.size() < senders; ) {
                Due d = it.next();
                if (busy.getOrDefault(d.endpoint(), 0) >= share) {
                    continue;
                }
                it.remove();
                inFlight.add(d.id());
                busy.merge(d.endpoint(), 1, Integer::sum);
                try {
                    pool.execute(() -> attempt(d));
                } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    // the senders are shut down (a stop): the row stays due for the next process
                    inFlight.remove(d.id());
                    busy.computeIfPresent(d.endpoint(), (endpoint, n) -> n <= 1 ? null : n - 1);
                    return;
                }
            }
        }
    }

    private void attempt(Due d) {
        try {
            send.accept(d.id());
        } finally {
            synchronized (this) {
                inFlight.remove(d.id());
                busy.computeIfPresent(d.endpoint(), (endpoint, n) -> n <= 1 ? null : n - 1);
            }
            pump(false);
        }
    }
}
