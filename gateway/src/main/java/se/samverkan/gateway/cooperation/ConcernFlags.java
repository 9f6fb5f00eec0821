package se.samverkan.gateway.cooperation;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Concern flags (C9): a report of concern, or any record, flagged for violence, abuse, threats or
 * honour-related context raises them for the child; while one is raised, nothing guardian-facing about the
 * child leaves the gateway. Only social services clear them. Raising a flag again after it was cleared raises
 * it anew.
 */
@Component
public class ConcernFlags {

    /** The codes of CodeSystem flag. */
    public static final Set<String> CODES = Set.of("violence", "abuse", "threats", "honour-related");

    private final JdbcClient jdbc;
    private final Clock clock;

    public ConcernFlags(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @param municipality the child's registration municipality as the record names it (its intake unit alone
     *                     reads and clears the flag); null when the record does not say
     */
    @Transactional
    public void raise(String childId, Collection<String> flags, String raisedBy, String municipality) {
        Timestamp now = Timestamp.from(clock.instant());
        for (String flag : flags) {
            int updated = jdbc.sql("update concern_flag set raised_by = ?, raised_at = ?, cleared_by = null,"
                            + " cleared_at = null, municipality = coalesce(?, municipality)"
                            + " where child_id = ? and flag = ?")
                    .params(raisedBy, now, municipality, childId, flag).update();
            if (updated == 0) {
                jdbc.sql("insert into concern_flag (child_id, flag, raised_by, raised_at, municipality)"
                                + " values (?, ?, ?, ?, ?)")
                        .params(childId, flag, raisedBy, now, municipality).update();
            }
        }
    }

    /**
     * Clears the raised flags of the child that belong to this municipality's intake unit (and those raised
     * without a municipality, which any intake unit may clear: otherwise no one could); returns how many.
     */
    @Transactional
    public int clear(String childId, String clearedBy, String municipality) {
        return jdbc.sql("update concern_flag set cleared_by = ?, cleared_at = ? where child_id = ?"
                        + " and cleared_at is null and (municipality is null or municipality = ?)")
                .params(clearedBy, Timestamp.from(clock.instant()), childId, municipality).update();
    }

    /** The raised flags this municipality's intake unit may see (its own, and those without a municipality). */
    public Set<String> raised(String childId, String municipality) {
        return new TreeSet<>(jdbc.sql("select flag from concern_flag where child_id = ? and cleared_at is null"
                        + " and (municipality is null or municipality = ?)")
                .params(childId, municipality).query(String.class).list());
    }

    /** Clears every raised flag of the child; returns how many were raised. */
    @Transactional
    public int clear(String childId, String clearedBy) {
        return jdbc.sql("update concern_flag set cleared_by = ?, cleared_at = ? where child_id = ? and cleared_at is null")
                .params(clearedBy, Timestamp.from(clock.instant()), childId).update();
    }

    public Set<String> raised(String childId) {
        return new TreeSet<>(jdbc.sql("select flag from concern_flag where child_id = ? and cleared_at is null")
                .param(childId).query(String.class).list());
    }

    public boolean flagged(String childId) {
        return !raised(childId).isEmpty();
    }
}
