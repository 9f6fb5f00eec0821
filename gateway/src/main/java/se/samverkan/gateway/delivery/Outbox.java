package se.samverkan.gateway.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;

/**
 * The outbox table. Every state change is one conditional UPDATE whose row count says whether it
 * happened, which is what makes claiming safe with several gateway instances on one database (H2 or
 * PostgreSQL alike: a waiting UPDATE re-checks its condition once the row is free, so one claimer wins).
 */
@Repository
public class Outbox {

    public enum Status { PENDING, DELIVERED, HELD, PARKED }

    /** What queueing did: the row's status now, and whether this call (re)queued it. */
    public record Enqueued(Status status, boolean queued) {
    }

    /** What a re-drive did. */
    public enum Redrive { REQUEUED, NO_SUCH_DELIVERY, NOT_PARKED }

    private static final String ITEM_COLUMNS = "delivery_id, flow, run_id, record_id, child_ref, child_id,"
            + " protected_identity, source_system, source_id, recipient_system, recipient_id, categories, endpoint,"
            + " payload, signature, attempts, claim_owner, case_phase, anonymised, guardian_facing, plan_key";
    private static final String ENTRY_COLUMNS = "delivery_id, flow, run_id, record_id, child_ref, recipient_id,"
            + " status, attempts, claim_owner, next_attempt_at, last_code, last_error, updated_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Queues a delivery. A delivery id already in the outbox is not queued twice: a pending or delivered one
     * is left as it is; a held or parked one is queued again with this run's payload (a new run of a batch is
     * a new instruction, and it was decided again before it got here).
     */
    @Transactional
    public Enqueued enqueue(NewDelivery d) {
        Timestamp now = now();
        int inserted = jdbc.sql("insert into outbox (" + ITEM_COLUMNS.replace(", claim_owner", "")
                        + ", status, next_attempt_at, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 'PENDING', ?, ?, ?)"
                        + " on conflict do nothing")
                .params(d.deliveryId().toString(), d.flow(), d.runId(), d.recordId(), d.childRef(), d.childId(),
                        d.protectedIdentity(), d.source().system(), d.source().value(), d.recipient().system(),
                        d.recipient().value(), codes(d.categories()), d.endpoint(), d.payload(), d.signature(),
                        d.context().casePhase(), d.context().anonymised(), d.context().guardianFacing(),
                        d.context().planKey(), now, now, now)
                .update();
        if (inserted == 1) {
            return new Enqueued(Status.PENDING, true);
        }
        int requeued = jdbc.sql("""
                update outbox set run_id = ?, record_id = ?, child_ref = ?, protected_identity = ?, categories = ?,
                       endpoint = ?, payload = ?, signature = ?, status = 'PENDING', attempts = 0, next_attempt_at = ?,
                       claim_instance = null, claim_owner = null, lease_until = null, last_code = null,
                       last_error = null, last_rules = null, updated_at = ?
                 where delivery_id = ? and status in ('HELD', 'PARKED')""")
                .params(d.runId(), d.recordId(), d.childRef(), d.protectedIdentity(), codes(d.categories()),
                        d.endpoint(), d.payload(), d.signature(), now, now, d.deliveryId().toString())
                .update();
        if (requeued == 1) {
            return new Enqueued(Status.PENDING, true);
        }
        return new Enqueued(status(d.deliveryId()).orElseThrow(), false);
    }

    /**
     * Rows that are due and not held by a live claim, oldest first, shuffled within the page so that
     * instances polling together do not all reach for the same row first.
     */
    public List<UUID> due(int limit) {
        Timestamp now = now();
        List<UUID> ids = new ArrayList<>(jdbc.sql("""
                select delivery_id from outbox
                 where status = 'PENDING' and next_attempt_at <= ? and (lease_until is null or lease_until < ?)
                 order by next_attempt_at limit ?""")
                .params(now, now, limit)
                .query((rs, n) -> UUID.fromString(rs.getString(1)))
                .list());
        Collections.shuffle(ids);
        return ids;
    }

    /**
     * As {@link #due(int)}, with where each row goes, leaving out the endpoints given (the senders' shares of
     * them are taken), oldest first.
     */
    List<Senders.Due> due(int limit, Set<String> skipEndpoints) {
        Timestamp now = now();
        List<Object> params = new ArrayList<>(List.of(now, now));
        String skip = "";
        if (!skipEndpoints.isEmpty()) {
            skip = " and endpoint not in (" + String.join(", ", Collections.nCopies(skipEndpoints.size(), "?")) + ")";
            params.addAll(skipEndpoints.stream().sorted().toList());
        }
        params.add(limit);
        return jdbc.sql("select delivery_id, endpoint from outbox"
                        + " where status = 'PENDING' and next_attempt_at <= ? and (lease_until is null or lease_until < ?)"
                        + skip + " order by next_attempt_at limit ?")
                .params(params)
                .query((rs, n) -> new Senders.Due(UUID.fromString(rs.getString(1)), rs.getString(2)))
                .list();
    }

    /** Takes the row for this process if it is still due and unclaimed; empty when someone else was first. */
    @Transactional
    public Optional<OutboxItem> claim(UUID deliveryId, Claim claim) {
        Instant now = Instant.now(clock);
        int won = jdbc.sql("""
                update outbox set claim_instance = ?, claim_owner = ?, lease_until = ?, attempts = attempts + 1,
                       updated_at = ?
                 where delivery_id = ? and status = 'PENDING' and next_attempt_at <= ?
                   and (lease_until is null or lease_until < ?)""")
                .params(claim.instance(), claim.owner(), Timestamp.from(now.plus(claim.lease())), Timestamp.from(now),
                        deliveryId.toString(), Timestamp.from(now), Timestamp.from(now))
                .update();
        if (won == 0) {
            return Optional.empty();
        }
        return jdbc.sql("select " + ITEM_COLUMNS + " from outbox where delivery_id = ?")
                .param(deliveryId.toString()).query(Outbox::item).optional();
    }

    /** Sent and acknowledged. A send that succeeded is a fact, whoever holds the claim by now. */
    public boolean delivered(OutboxItem item) {
        return jdbc.sql("""
                update outbox set status = 'DELIVERED', claim_instance = null, claim_owner = null, lease_until = null,
                       last_code = 'GW-0000', last_error = null, updated_at = ?
                 where delivery_id = ? and status = 'PENDING'""")
                .params(now(), item.deliveryId().toString())
                .update() == 1;
    }

    /** Not delivered this time: try again at the given moment. Only the holder of the claim may say so. */
    public boolean retryAt(OutboxItem item, Instant at, String code, String error) {
        return jdbc.sql("""
                update outbox set next_attempt_at = ?, claim_instance = null, claim_owner = null, lease_until = null,
                       last_code = ?, last_error = ?, updated_at = ?
                 where delivery_id = ? and status = 'PENDING' and claim_owner = ?""")
                .params(Timestamp.from(at), code, clip(error, 2000), now(), item.deliveryId().toString(),
                        item.claimOwner())
                .update() == 1;
    }

    /** Given up (the recipient refused it, or too many attempts): kept with its reason for a re-drive. */
    public boolean park(OutboxItem item, String code, String error) {
        return end(item, Status.PARKED, code, error, List.of());
    }

    /** The decision right before sending said no (C5, C12): never sent. */
    /**
     * Keeps a delivery that must not be sent automatically and must not be dropped either (a report of concern
     * with no intake unit to route it to, C8): it stays HELD, payload and all, for a person to route.
     */
    @Transactional
    public Enqueued keep(NewDelivery d, String code, String reason, List<String> rules) {
        Enqueued queued = enqueue(d);
        if (!queued.queued()) {
            return queued;
        }
        jdbc.sql("""
                update outbox set status = 'HELD', last_code = ?, last_error = ?, last_rules = ?, updated_at = ?
                 where delivery_id = ? and status = 'PENDING' and attempts = 0""")
                .params(code, clip(reason, 2000), String.join(",", rules), now(), d.deliveryId().toString())
                .update();
        return new Enqueued(Status.HELD, true);
    }

    /** A recipient something was delivered to: who, from whom, in which flow, and where it went. */
    public record Recipient(String flow, OrganisationId source, OrganisationId recipient, String endpoint) {
    }

    /** Every recipient that got something about this child in these flows (C5: they are told a consent ended). */
    public List<Recipient> deliveredTo(String childId, Set<String> flows) {
        if (flows.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", java.util.Collections.nCopies(flows.size(), "?"));
        List<Object> params = new java.util.ArrayList<>();
        params.add(childId);
        flows.stream().sorted().forEach(params::add);
        return jdbc.sql("select distinct flow, source_system, source_id, recipient_system, recipient_id, endpoint"
                        + " from outbox where child_id = ? and status = 'DELIVERED' and flow in (" + in + ")"
                        + " order by flow, recipient_id")
                .params(params)
                .query((rs, n) -> new Recipient(rs.getString("flow"),
                        OrganisationId.of(rs.getString("source_system"), rs.getString("source_id")),
                        OrganisationId.of(rs.getString("recipient_system"), rs.getString("recipient_id")),
                        rs.getString("endpoint")))
                .list();
    }

    public boolean hold(OutboxItem item, String code, String reason, List<String> rules) {
        return end(item, Status.HELD, code, reason, rules);
    }

    private boolean end(OutboxItem item, Status status, String code, String reason, List<String> rules) {
        return jdbc.sql("""
                update outbox set status = ?, claim_instance = null, claim_owner = null, lease_until = null,
                       last_code = ?, last_error = ?, last_rules = ?, updated_at = ?
                 where delivery_id = ? and status = 'PENDING' and claim_owner = ?""")
                .params(status.name(), code, clip(reason, 2000), String.join(",", rules), now(),
                        item.deliveryId().toString(), item.claimOwner())
                .update() == 1;
    }

    /**
     * At start: the claims this instance's earlier incarnations held are released at once instead of when
     * their leases run out (a killed process sends nothing more). Another instance's claims are left alone.
     */
    public int releaseEarlierClaims(Claim current) {
        return jdbc.sql("""
                update outbox set claim_instance = null, claim_owner = null, lease_until = null, updated_at = ?
                 where status = 'PENDING' and claim_instance = ? and claim_owner <> ?""")
                .params(now(), current.instance(), current.owner())
                .update();
    }

    /** A gone process's claims (another instance knows it is gone): free for any instance at once. */
    public int releaseClaimsOf(String owner) {
        return jdbc.sql("""
                update outbox set claim_instance = null, claim_owner = null, lease_until = null, updated_at = ?
                 where status = 'PENDING' and claim_owner = ?""")
                .params(now(), owner)
                .update();
    }

    /** At a stop: what this process holds is free for any instance at once. */
    public int releaseClaims(Claim current) {
        return jdbc.sql("""
                update outbox set claim_instance = null, claim_owner = null, lease_until = null, updated_at = ?
                 where status = 'PENDING' and claim_owner = ?""")
                .params(now(), current.owner())
                .update();
    }

    /**
     * Sends a parked delivery again (attempts start over), or a pending one that waits for its next attempt
     * now; it is decided again before it goes, like every attempt.
     */
    @Transactional
    public Redrive redrive(UUID deliveryId) {
        Timestamp now = now();
        int changed = jdbc.sql("""
                update outbox set status = 'PENDING', attempts = case when status = 'PARKED' then 0 else attempts end,
                       next_attempt_at = ?, updated_at = ?
                 where delivery_id = ? and (status = 'PARKED' or (status = 'PENDING' and claim_owner is null))""")
                .params(now, now, deliveryId.toString())
                .update();
        if (changed == 1) {
            return Redrive.REQUEUED;
        }
        return status(deliveryId).isPresent() ? Redrive.NOT_PARKED : Redrive.NO_SUCH_DELIVERY;
    }

    /** The row as the delivery route would take it, without claiming it (for the audit record of a re-drive). */
    public Optional<OutboxItem> item(UUID deliveryId) {
        return jdbc.sql("select " + ITEM_COLUMNS + " from outbox where delivery_id = ?")
                .param(deliveryId.toString()).query(Outbox::item).optional();
    }

    public Optional<Status> status(UUID deliveryId) {
        return jdbc.sql("select status from outbox where delivery_id = ?").param(deliveryId.toString())
                .query(String.class).optional().map(Status::valueOf);
    }

    public Optional<OutboxEntry> entry(UUID deliveryId) {
        return jdbc.sql("select " + ENTRY_COLUMNS + " from outbox where delivery_id = ?")
                .param(deliveryId.toString()).query(Outbox::entry).optional();
    }

    /** The rows in one status, oldest change first. */
    public List<OutboxEntry> entries(Status status, int limit) {
        return jdbc.sql("select " + ENTRY_COLUMNS + " from outbox where status = ? order by updated_at, delivery_id"
                        + " limit ?")
                .params(status.name(), limit).query(Outbox::entry).list();
    }

    public List<UUID> ids(Status status) {
        return jdbc.sql("select delivery_id from outbox where status = ? order by updated_at, delivery_id")
                .param(status.name()).query((rs, n) -> UUID.fromString(rs.getString(1))).list();
    }

    private Timestamp now() {
        return Timestamp.from(Instant.now(clock));
    }

    static String codes(Set<DataCategory> categories) {
        return categories.stream().map(DataCategory::code).sorted().collect(Collectors.joining(","));
    }

    static Set<DataCategory> categories(String codes) {
        EnumSet<DataCategory> set = EnumSet.noneOf(DataCategory.class);
        if (codes != null && !codes.isBlank()) {
            Arrays.stream(codes.split(",")).map(DataCategory::fromCode).forEach(c -> set.add(c.orElseThrow()));
        }
        return set;
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static OutboxItem item(ResultSet rs, int n) throws SQLException {
        return new OutboxItem(UUID.fromString(rs.getString("delivery_id")), rs.getString("flow"),
                rs.getString("run_id"), rs.getString("record_id"), rs.getString("child_ref"), rs.getString("child_id"),
                rs.getBoolean("protected_identity"),
                OrganisationId.of(rs.getString("source_system"), rs.getString("source_id")),
                OrganisationId.of(rs.getString("recipient_system"), rs.getString("recipient_id")),
                categories(rs.getString("categories")), rs.getString("endpoint"), rs.getString("payload"),
                rs.getString("signature"), rs.getInt("attempts"), rs.getString("claim_owner"),
                new DeliveryContext(rs.getString("case_phase"), rs.getBoolean("anonymised"),
                        rs.getBoolean("guardian_facing"), rs.getString("plan_key")));
    }

    private static OutboxEntry entry(ResultSet rs, int n) throws SQLException {
        return new OutboxEntry(UUID.fromString(rs.getString("delivery_id")), rs.getString("flow"),
                rs.getString("run_id"), rs.getString("record_id"), rs.getString("child_ref"),
                rs.getString("recipient_id"), Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                rs.getString("claim_owner") != null, rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_code"), rs.getString("last_error"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
