package se.samverkan.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.delivery.Claim;
import se.samverkan.gateway.delivery.NewDelivery;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.delivery.OutboxItem;
import se.samverkan.gateway.support.Databases;
import se.samverkan.gateway.support.MutableClock;

/** Runs as the database keeps them, on H2 and PostgreSQL: resumable, and reported from what happened. */
class BatchRunsTest {

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", Databases.h2("batch-runs-test")),
                Arguments.of("PostgreSQL", Databases.postgres()));
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    final Claim claim = new Claim("test", "test#1", Duration.ofMinutes(5));

    static RecordResult result(String recordId, Outcome outcome, String code) {
        return new RecordResult(recordId, 7, "ps-0123456789ab", "10000001", outcome, code, "reason " + recordId,
                List.of("C2"), List.of());
    }

    UUID queue(Outbox outbox, BatchRun run, String recordId) {
        UUID id = UUID.randomUUID();
        outbox.enqueue(new NewDelivery(id, "F1", run.runId(), recordId, "ps-0123456789ab", "201909092389", false,
                OrganisationId.hsaId("SE2321000016-BHV1"), OrganisationId.skolenhetskod("10000001"),
                EnumSet.of(DataCategory.GROWTH), "mock:emi", "{}", "c2ln"));
        return id;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anInterruptedRunIsFoundAgainByItsContentWithTheRecordsItHadAccepted(String name, DataSource ds) {
        BatchRuns runs = new BatchRuns(JdbcClient.create(ds));
        String instance = "host:" + UUID.randomUUID();
        String sha = UUID.randomUUID().toString().replace("-", "");
        BatchRun run = new BatchRun("cohort.xml", clock.instant());
        runs.create(run, instance, instance + "#1", sha, "/inbox/.in-progress/cohort.xml");
        runs.record(run, 1, 3, UUID.randomUUID(), result("R-1", Outcome.HELD, "GW-2102"));
        runs.record(run, 2, 9, UUID.randomUUID(), result("R-2", Outcome.REFUSED, "GW-1101"));

        // the same instance after a restart (a new process of the same name): its predecessor is gone by definition
        BatchRun resumed = runs.takeOpen(sha, instance, instance + "#2", "/inbox/.in-progress/again.xml",
                clock.instant()).orElseThrow();

        assertThat(resumed.runId()).isEqualTo(run.runId());
        assertThat(resumed.accepted(1)).isTrue();
        assertThat(resumed.accepted(2)).isTrue();
        assertThat(resumed.accepted(3)).isFalse();
        runs.read(run.runId());
        assertThat(runs.takeOpen(sha, instance, instance + "#3", "x", clock.instant()))
                .as("read to the end: not resumed").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunIsReadByOneLiveProcessAtATimeAndAGoneReadersRunIsAnyonesToResume(String name, DataSource ds) {
        JdbcClient jdbc = JdbcClient.create(ds);
        BatchRuns runs = new BatchRuns(jdbc);
        se.samverkan.gateway.instances.Instances instances = new se.samverkan.gateway.instances.Instances(jdbc);
        se.samverkan.gateway.GatewayInstance a = se.samverkan.gateway.GatewayInstance.of("a-" + UUID.randomUUID(), null);
        se.samverkan.gateway.GatewayInstance b = se.samverkan.gateway.GatewayInstance.of("b-" + UUID.randomUUID(), null);
        instances.register(a, clock.instant());
        instances.register(b, clock.instant());
        String sha = UUID.randomUUID().toString().replace("-", "");
        BatchRun run = new BatchRun("cohort.xml", clock.instant());
        runs.create(run, a.name(), a.incarnation(), sha, "/shared/inbox/.in-progress/cohort.xml");
        Instant liveSince = clock.instant().minusSeconds(30);

        assertThat(runs.readElsewhere(sha, b.name(), liveSince)).as("a reads it, alive").isTrue();
        assertThat(runs.readElsewhere(sha, a.name(), liveSince)).as("not elsewhere for a itself").isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runs.takeOpen(sha, b.name(), b.incarnation(),
                        "/shared/inbox/.in-progress/copy.xml", liveSince))
                .isInstanceOf(BatchRuns.HeldElsewhere.class).hasMessageContaining(a.name());

        // a's heartbeat stops: its run is b's to take
        clock.advance(Duration.ofMinutes(1));
        instances.beat(b, clock.instant());
        Instant later = clock.instant().minusSeconds(30);
        assertThat(instances.gone(b, later)).extracting(se.samverkan.gateway.instances.Instances.Gone::incarnation)
                .contains(a.incarnation());
        assertThat(runs.readElsewhere(sha, b.name(), later)).isFalse();
        assertThat(runs.orphan(a.incarnation())).extracting(BatchRuns.Orphan::path)
                .containsExactly("/shared/inbox/.in-progress/cohort.xml");
        assertThat(runs.takeOpen(sha, b.name(), b.incarnation(), "/b/inbox/.in-progress/cohort.xml", later))
                .map(BatchRun::runId).hasValue(run.runId());
        assertThat(runs.readElsewhere(sha, a.name(), later)).as("now b reads it").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aBatchIdUsedBeforeForOtherContentIsWarnedAbout(String name, DataSource ds) {
        BatchRuns runs = new BatchRuns(JdbcClient.create(ds));
        String batchId = "b-" + UUID.randomUUID();
        BatchRun first = new BatchRun("nightly.xml", clock.instant());
        first.identify(batchId, "SE2321000016-BHV1");
        runs.create(first, "test", "test#1", "sha-1", null);
        runs.identify(first);
        clock.advance(Duration.ofHours(1));
        BatchRun same = new BatchRun("nightly-copy.xml", clock.instant());
        same.identify(batchId, "SE2321000016-BHV1");
        runs.create(same, "test", "test#1", "sha-1", null);
        runs.identify(same);
        clock.advance(Duration.ofHours(1));
        BatchRun other = new BatchRun("nightly-fixed.xml", clock.instant());
        other.identify(batchId, "SE2321000016-BHV1");
        runs.create(other, "test", "test#1", "sha-2", null);
        runs.identify(other);

        assertThat(runs.load(first.runId()).warnings()).isEmpty();
        assertThat(runs.load(same.runId()).warnings()).as("the same content again").isEmpty();
        assertThat(runs.load(other.runId()).warnings()).singleElement().asString()
                .contains("used before for other content: nightly.xml").contains("GW-1105");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aQueuedRecordIsReportedAsItsDeliveryEndedAndTheRunIsReadyWhenEachHasAnAnswer(String name, DataSource ds) {
        JdbcClient jdbc = JdbcClient.create(ds);
        BatchRuns runs = new BatchRuns(jdbc);
        Outbox outbox = new Outbox(jdbc, clock);
        BatchRun run = new BatchRun("b.xml", clock.instant());
        run.identify("b-" + UUID.randomUUID(), "SE2321000016-BHV1");
        runs.create(run, "test", "test#1", "sha", null);
        UUID delivered = queue(outbox, run, "R-1");
        UUID failed = queue(outbox, run, "R-2");
        UUID parked = queue(outbox, run, "R-3");
        UUID held = queue(outbox, run, "R-4");
        int seq = 0;
        for (Map.Entry<String, UUID> r : Map.of("R-1", delivered, "R-2", failed, "R-3", parked, "R-4", held)
                .entrySet()) {
            runs.record(run, ++seq, seq, r.getValue(), result(r.getKey(), Outcome.QUEUED, "GW-0002"));
        }
        runs.record(run, ++seq, seq, null, result("R-5", Outcome.REFUSED, "GW-1101"));
        runs.read(run.runId());
        assertThat(runs.progress(run.runId())).isEqualTo(new BatchRuns.Progress(4, 4));

        outbox.delivered(outbox.claim(delivered, claim).orElseThrow());
        OutboxItem retrying = outbox.claim(failed, claim).orElseThrow();
        assertThat(runs.progress(run.runId())).as("one in flight").isEqualTo(new BatchRuns.Progress(3, 3));
        outbox.retryAt(retrying, clock.instant().plusSeconds(60), "GW-3001", "HTTP 503");
        outbox.park(outbox.claim(parked, claim).orElseThrow(), "GW-3002", "HTTP 422");
        outbox.hold(outbox.claim(held, claim).orElseThrow(), "GW-2107", "consent withdrawn", List.of("C5"));

        assertThat(runs.progress(run.runId())).isEqualTo(new BatchRuns.Progress(0, 1));
        BatchRun loaded = runs.load(run.runId());
        assertThat(loaded.results()).extracting(r -> r.recordId() + " " + r.outcome() + " " + r.code())
                .containsExactlyInAnyOrder("R-1 DELIVERED GW-0000", "R-2 FAILED GW-3001", "R-3 PARKED GW-3002",
                        "R-4 HELD GW-2107", "R-5 REFUSED GW-1101");
        assertThat(loaded.waiting()).isTrue();
        assertThat(loaded.results()).filteredOn(r -> r.recordId().equals("R-4")).singleElement()
                .satisfies(r -> assertThat(r.rules()).containsExactly("C5"));

        loaded.finish(clock.instant());
        String bigReport = "{\"records\":\"" + "x".repeat(200_000) + "\"}";
        assertThat(runs.reported(loaded, BatchRuns.Status.READ, BatchRuns.Status.REPORTED, bigReport)).isTrue();
        assertThat(runs.reported(loaded, BatchRuns.Status.READ, BatchRuns.Status.REPORTED, bigReport)).isFalse();
        assertThat(runs.changedSinceReport(run.runId())).as("as reported").isFalse();
        // the retry fails again, and then is delivered: the waiting report is no longer true either time
        clock.advance(Duration.ofMinutes(2));
        OutboxItem again = outbox.claim(failed, claim).orElseThrow();
        assertThat(runs.changedSinceReport(run.runId())).as("in flight: still failed and waiting").isFalse();
        outbox.delivered(again);
        assertThat(runs.changedSinceReport(run.runId())).as("one more delivered").isTrue();
        Map<String, Object> row = jdbc.sql("select delivered, held, refused, failed, parked, report_json from batch_run"
                + " where run_id = ?").param(run.runId()).query().singleRow();
        assertThat(((Number) row.get("delivered")).intValue()).isEqualTo(1);
        assertThat(((Number) row.get("parked")).intValue()).isEqualTo(1);
        assertThat(((Number) row.get("failed")).intValue()).isEqualTo(1);
        assertThat(String.valueOf(row.get("report_json"))).hasSize(bigReport.length());
    }
}
