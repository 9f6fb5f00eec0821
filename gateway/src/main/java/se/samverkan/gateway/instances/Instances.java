package se.samverkan.gateway.instances;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.samverkan.gateway.GatewayInstance;

/** The gateway processes on this database, as their heartbeats tell. */
@Repository
public class Instances {

    /** A process that stopped beating. */
    public record Gone(String incarnation, String name, Instant lastSeen) {
    }

    private final JdbcClient jdbc;

    public Instances(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void register(GatewayInstance me, Instant now) {
        jdbc.sql("""
                insert into gateway_instance (incarnation, name, started_at, heartbeat_at)
                values (?, ?, ?, ?) on conflict do nothing""")
                .params(me.incarnation(), me.name(), Timestamp.from(now), Timestamp.from(now)).update();
    }

    /** False when another instance has taken this one for gone (its heartbeat lapsed). */
    public boolean beat(GatewayInstance me, Instant now) {
        return jdbc.sql("update gateway_instance set heartbeat_at = ? where incarnation = ? and ended_at is null")
                .params(Timestamp.from(now), me.incarnation()).update() == 1;
    }

    /** Back after being taken for gone: beating again, with whatever was taken over left where it went. */
    public void rejoin(GatewayInstance me, Instant now) {
        jdbc.sql("update gateway_instance set heartbeat_at = ?, ended_at = null, ended_by = null where incarnation = ?")
                .params(Timestamp.from(now), me.incarnation()).update();
    }

    /** A graceful stop: at once as good as gone to the others, who report what this instance leaves. */
    public void leave(GatewayInstance me) {
        jdbc.sql("update gateway_instance set heartbeat_at = ? where incarnation = ? and ended_at is null")
                .params(Timestamp.from(Instant.EPOCH), me.incarnation()).update();
    }

    /** Processes not heard from since the cutoff, and not yet taken over. */
    public List<Gone> gone(GatewayInstance me, Instant cutoff) {
        return jdbc.sql("""
                select incarnation, name, heartbeat_at from gateway_instance
                 where ended_at is null and heartbeat_at < ? and incarnation <> ? order by heartbeat_at""")
                .params(Timestamp.from(cutoff), me.incarnation())
                .query((rs, n) -> new Gone(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
    }

    /** Earlier processes of this instance's own name: gone by definition (one process per name). */
    public List<Gone> predecessors(GatewayInstance me) {
        return jdbc.sql("""
                select incarnation, name, heartbeat_at from gateway_instance
                 where ended_at is null and name = ? and incarnation <> ?""")
                .params(me.name(), me.incarnation())
                .query((rs, n) -> new Gone(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
    }

    /** Marks a gone process as taken over by this one; false when another instance was first. */
    public boolean takeOver(Gone gone, GatewayInstance me, Instant now) {
        return jdbc.sql("""
                update gateway_instance set ended_at = ?, ended_by = ? where incarnation = ? and ended_at is null""")
                .params(Timestamp.from(now), me.incarnation(), gone.incarnation()).update() == 1;
    }
}
