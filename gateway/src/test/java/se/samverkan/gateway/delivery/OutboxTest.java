package se.samverkan.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.support.Databases;
import se.samverkan.gateway.support.MutableClock;

/** The outbox's promises, on H2 (the embedded default) and on a real PostgreSQL server. */
class OutboxTest {

    static final Duration LEASE = Duration.ofMinutes(2);

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", Databases.h2("outbox-test"), Databases.h2("outbox-test")),
                Arguments.of("PostgreSQL", Databases.postgres(), Databases.anotherPostgresPool()));
    }

    static NewDelivery delivery(UUID id, String payload) {
        return new NewDelivery(id, "F1", UUID.randomUUID().toString(), "R-1", "ps-0123456789ab", "201909092389",
                false, OrganisationId.hsaId("SE2321000016-BHV1"), OrganisationId.skolenhetskod("10000001"),
                EnumSet.of(DataCategory.IMMUNIZATION, DataCategory.GROWTH), "file:var/outbox/10000001", payload,
                "c2lnbmF0dXJl");
    }

    static Claim claim(String instance) {
        return new Claim(instance, instance + "#" + UUID.randomUUID(), LEASE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aQueuedDeliveryIsClaimedOnceAndOnceDeliveredIsNeverQueuedAgain(String name, DataSource ds, DataSource other) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Outbox outbox = new Outbox(JdbcClient.create(ds), clock);
        UUID id = UUID.randomUUID();

        assertThat(outbox.enqueue(delivery(id, "{\"a\":1}"))).isEqualTo(new Outbox.Enqueued(Outbox.Status.PENDING, true));
        assertThat(outbox.due(10_000)).contains(id);
        OutboxItem item = outbox.claim(id, claim("a")).orElseThrow();
        assertThat(item.attempts()).isEqualTo(1);
        assertThat(item.payload()).isEqualTo("{\"a\":1}");
        assertThat(item.categories()).containsExactlyInAnyOrder(DataCategory.IMMUNIZATION, DataCategory.GROWTH);
        assertThat(outbox.claim(id, claim("b"))).as("a live claim").isEmpty();
        assertThat(outbox.due(10_000)).doesNotContain(id);
        assertThat(outbox.delivered(item)).isTrue();

        assertThat(outbox.enqueue(delivery(id, "{\"a\":2}")))
                .isEqualTo(new Outbox.Enqueued(Outbox.Status.DELIVERED, false));
        assertThat(outbox.claim(id, claim("a"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aHeldOrParkedDeliveryIsQueuedAgainByANewRunAndAPendingOneIsLeftAlone(String name, DataSource ds,
                                                                              DataSource other) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Outbox outbox = new Outbox(JdbcClient.create(ds), clock);
        UUID held = UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        outbox.enqueue(delivery(held, "{}"));
        outbox.enqueue(delivery(pending, "{}"));
        assertThat(outbox.hold(outbox.claim(held, claim("a")).orElseThrow(), "GW-2107", "consent withdrawn",
                List.of("C5"))).isTrue();

        assertThat(outbox.enqueue(delivery(held, "{\"again\":true}")).queued()).isTrue();
        assertThat(outbox.enqueue(delivery(pending, "{\"again\":true}")))
                .isEqualTo(new Outbox.Enqueued(Outbox.Status.PENDING, false));

        OutboxItem again = outbox.claim(held, claim("a")).orElseThrow();
        assertThat(again.payload()).isEqualTo("{\"again\":true}");
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(outbox.claim(pending, claim("a")).orElseThrow().payload()).isEqualTo("{}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFailedAttemptWaitsForItsTimeAndOnlyTheClaimHolderCanScheduleIt(String name, DataSource ds,
                                                                         DataSource other) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Outbox outbox = new Outbox(JdbcClient.create(ds), clock);
        UUID id = UUID.randomUUID();
        outbox.enqueue(delivery(id, "{}"));
        OutboxItem item = outbox.claim(id, claim("a")).orElseThrow();
        OutboxItem impostor = new OutboxItem(item.deliveryId(), item.flow(), item.runId(), item.recordId(),
                item.childRef(), item.childId(), false, item.source(), item.recipient(), item.categories(),
                item.endpoint(), item.payload(), item.signature(), item.attempts(), "someone-else");

        assertThat(outbox.retryAt(impostor, clock.instant(), "GW-3001", "x")).isFalse();
        assertThat(outbox.retryAt(item, clock.instant().plusSeconds(30), "GW-3001", "HTTP 503")).isTrue();

        assertThat(outbox.claim(id, claim("a"))).as("not yet due").isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(outbox.claim(id, claim("a")).orElseThrow().attempts()).isEqualTo(2);
        assertThat(outbox.entry(id).orElseThrow().lastError()).isEqualTo("HTTP 503");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aClaimWhoseLeaseRanOutIsAnyonesAndARestartTakesBackItsOwnAtOnce(String name, DataSource ds,
                                                                         DataSource other) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Outbox outbox = new Outbox(JdbcClient.create(ds), clock);
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        outbox.enqueue(delivery(mine, "{}"));
        outbox.enqueue(delivery(theirs, "{}"));
        String instance = "host-a:" + UUID.randomUUID();
        outbox.claim(mine, claim(instance)).orElseThrow();
        outbox.claim(theirs, claim("host-b:" + UUID.randomUUID())).orElseThrow();

        // this instance is killed and started again: a new incarnation of the same instance
        Claim restarted = claim(instance);
        assertThat(outbox.releaseEarlierClaims(restarted)).isEqualTo(1);
        assertThat(outbox.claim(mine, restarted)).isPresent();
        assertThat(outbox.claim(theirs, restarted)).as("another instance's live claim").isEmpty();

        clock.advance(LEASE.plusSeconds(1));
        assertThat(outbox.claim(theirs, restarted)).as("its lease ran out").isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aParkedDeliveryIsReDrivenWithItsAttemptsStartingOver(String name, DataSource ds, DataSource other) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Outbox outbox = new Outbox(JdbcClient.create(ds), clock);
        UUID parked = UUID.randomUUID();
        UUID delivered = UUID.randomUUID();
        outbox.enqueue(delivery(parked, "{}"));
        outbox.enqueue(delivery(delivered, "{}"));
        outbox.park(outbox.claim(parked, claim("a")).orElseThrow(), "GW-3002", "HTTP 422");
        outbox.delivered(outbox.claim(delivered, claim("a")).orElseThrow());

        assertThat(outbox.ids(Outbox.Status.PARKED)).contains(parked);
        assertThat(outbox.redrive(parked)).isEqualTo(Outbox.Redrive.REQUEUED);
        assertThat(outbox.redrive(delivered)).isEqualTo(Outbox.Redrive.NOT_PARKED);
        assertThat(outbox.redrive(UUID.randomUUID())).isEqualTo(Outbox.Redrive.NO_SUCH_DELIVERY);
        assertThat(outbox.claim(parked, claim("a")).orElseThrow().attempts()).isEqualTo(1);
    }

    /** Two instances, each with its own connections and three workers, reaching for the same rows at once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoInstancesClaimingTogetherNeverBothWinARowAndShareTheWork(String name, DataSource ds, DataSource other)
            throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Map<String, Outbox> instances = Map.of("a", new Outbox(JdbcClient.create(ds), clock),
                "b", new Outbox(JdbcClient.create(other), clock));
        List<UUID> ids = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID()).toList();
        ids.forEach(id -> instances.get("a").enqueue(delivery(id, "{}")));
        Map<UUID, List<String>> winners = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (String instance : List.of("a", "b")) {
                for (int worker = 0; worker < 3; worker++) {
                    Claim claim = claim(instance);
                    workers.add(pool.submit(() -> {
                        List<UUID> order = new ArrayList<>(ids);
                        Collections.shuffle(order);
                        start.await();
                        for (UUID id : order) {
                            instances.get(instance).claim(id, claim).ifPresent(item ->
                                    winners.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
                                            .add(instance));
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(winners).hasSize(ids.size());
        assertThat(winners.values()).allSatisfy(won -> assertThat(won).hasSize(1));
        Set<String> who = new java.util.HashSet<>();
        winners.values().forEach(who::addAll);
        assertThat(who).as("both instances got work").containsExactlyInAnyOrder("a", "b");
    }
}
