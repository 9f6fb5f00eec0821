package se.samverkan.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A recipient that hangs holds its share of the senders and no more; the others' deliveries go on meanwhile. */
class SendersTest {

    final ExecutorService pool = Executors.newFixedThreadPool(4);
    final List<Senders.Due> due = Collections.synchronizedList(new ArrayList<>());
    final Set<UUID> sent = ConcurrentHashMap.newKeySet();
    final CountDownLatch slowHangs = new CountDownLatch(1);
    final AtomicInteger slowNow = new AtomicInteger();
    final AtomicInteger slowMost = new AtomicInteger();

    @AfterEach
    void stop() {
        slowHangs.countDown();
        pool.shutdownNow();
    }

    Senders senders(int pageSize) {
        return new Senders(4, pageSize, skip -> {
            synchronized (due) {
                return due.stream().filter(d -> !skip.contains(d.endpoint()) && !sent.contains(d.id()))
                        .limit(pageSize).toList();
            }
        }, id -> {
            Senders.Due d = due.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            if (d.endpoint().equals("slow")) {
                slowMost.accumulateAndGet(slowNow.incrementAndGet(), Math::max);
                try {
                    slowHangs.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slowNow.decrementAndGet();
            }
            sent.add(id);
        }, pool, () -> false);
    }

    @Test
    void aHangingRecipientHoldsItsShareAndTheOthersAreAllSentMeanwhile() {
        // as a batch queues them: the schools' rows interleaved, a third of them the hanging school's
        for (int i = 0; i < 120; i++) {
            due.add(new Senders.Due(UUID.randomUUID(), i % 3 == 0 ? "slow" : i % 3 == 1 ? "school-a" : "school-b"));
        }
        Senders senders = senders(8);

        senders.poll();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            senders.poll();
            assertThat(sent).hasSize(80);
        });

        assertThat(slowMost.get()).as("the hanging recipient's sends in flight at once").isLessThanOrEqualTo(2);
        assertThat(sent).as("none of the hanging recipient's finished").allMatch(id -> due.stream()
                .anyMatch(d -> d.id().equals(id) && !d.endpoint().equals("slow")));
        slowHangs.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            senders.poll();
            assertThat(sent).hasSize(120);
        });
    }

    @Test
    void aRecipientAloneHasEverySender() {
        for (int i = 0; i < 40; i++) {
            due.add(new Senders.Due(UUID.randomUUID(), "slow"));
        }
        Senders senders = senders(32);

        senders.poll();

        await().atMost(Duration.ofSeconds(10)).until(() -> slowNow.get() == 4);
        assertThat(senders.share()).isEqualTo(4);
    }
}
