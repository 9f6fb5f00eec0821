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

    @Transactional
    public void record(String planKey, Collection<OrganisationId> participants, String status, String contentHash) {
        String members = participants.stream().map(SipPlans::key).sorted().collect(Collectors.joining(";"));
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("update sip_plan set participants = ?, status = ?, content_hash = ?, updated_at = ?"
                        + " where plan_key = ?")
                .params(members, status, contentHash, now, planKey).update();
        if (updated == 0) {
            jdbc.sql("insert into sip_plan (plan_key, participants, status, content_hash, updated_at)"
                            + " values (?, ?, ?, ?, ?)")
                    .params(planKey, members, status, contentHash, now).update();
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
