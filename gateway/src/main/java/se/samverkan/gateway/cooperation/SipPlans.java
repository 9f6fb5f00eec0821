package se.samverkan.gateway.cooperation;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.gateway.consent.OrganisationId;

/**
 * The current participants of each SIP (F7) the gateway has routed. A plan's newest version decides who
 * gets it; a delivery of an older version still queued for someone no longer in the plan is held.
 */
@Component
public class SipPlans {

    private final JdbcClient jdbc;
    private final Clock clock;

    public SipPlans(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Why this sender may not send this version of the plan (empty: it may). The principals in a plan may update
     * it; only the one that started it changes who is in it (DOMAIN.md section 6).
     */
    public Optional<String> refusal(String planKey, OrganisationId sender, Collection<OrganisationId> participants) {
        Optional<Set<String>> stored = participants(planKey);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        String starter = jdbc.sql("select starter from sip_plan where plan_key = ?").param(planKey)
                .query(String.class).optional().orElse(null);
        String by = key(sender);
        if (!stored.get().contains(by) && !by.equals(starter)) {
            return Optional.of("the sender is not a principal in this plan");
        }
        Set<String> members = participants.stream().map(SipPlans::key).collect(Collectors.toCollection(TreeSet::new));
        if (!members.equals(stored.get()) && starter != null && !by.equals(starter)) {
            return Optional.of("only the principal that started the plan changes who is in it");
        }
        return Optional.empty();
    }

    /** Records the plan's newest version; the first sender of a plan is its starter. */
    @Transactional
    public void record(String planKey, Collection<OrganisationId> participants, String status, String contentHash,
                       OrganisationId sender) {
        String members = participants.stream().map(SipPlans::key).sorted().collect(Collectors.joining(";"));
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("update sip_plan set participants = ?, status = ?, content_hash = ?, updated_at = ?"
                        + " where plan_key = ?")
                .params(members, status, contentHash, now, planKey).update();
        if (updated == 0) {
            jdbc.sql("insert into sip_plan (plan_key, participants, status, content_hash, updated_at, starter)"
                            + " values (?, ?, ?, ?, ?, ?)")
                    .params(planKey, members, status, contentHash, now, key(sender)).update();
        }
    }

    /** The plan's participants as {@code system|value}, if the plan is known. */
    public Optional<Set<String>> participants(String planKey) {
        return jdbc.sql("select participants from sip_plan where plan_key = ?").param(planKey).query(String.class)
                .optional()
                .map(members -> members.isEmpty() ? new TreeSet<String>()
                        : new TreeSet<>(Arrays.asList(members.split(";"))));
    }

    public boolean includes(String planKey, OrganisationId participant) {
        return participants(planKey).map(members -> members.contains(key(participant))).orElse(false);
    }

    static String key(OrganisationId id) {
        return id.system() + "|" + id.value();
    }
}
