package se.samverkan.gateway.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The two databases the gateway supports, migrated by the application's own Flyway scripts: H2 (the
 * embedded default) and a real PostgreSQL server started by the test JVM (no Docker needed; as root it
 * runs itself in a user namespace). PostgreSQL starts once per JVM and stops with it.
 */
public final class Databases {

    private static EmbeddedPostgres postgres;
    private static DataSource pooled;

    private Databases() {
    }

    public static DataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return migrated(ds);
    }

    public static synchronized DataSource postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the data directory is temporary
                }
            }));
            migrated(postgres.getPostgresDatabase());
            // a connection pool as the application has one: a new PostgreSQL connection costs milliseconds
            HikariDataSource pool = new HikariDataSource();
            pool.setDataSource(postgres.getPostgresDatabase());
            pool.setMaximumPoolSize(4);
            // not AutoCloseable, so a parameterized test does not close the shared pool after one case
            pooled = new DelegatingDataSource(pool);
        }
        return pooled;
    }

    /** The JDBC URL of the PostgreSQL server {@link #postgres()} started, for a process of its own. */
    public static synchronized String postgresJdbcUrl() {
        postgres();
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /**
     * A second connection pool to the same PostgreSQL database: what another gateway instance would have
     * (its own connections, its own transactions).
     */
    public static synchronized DataSource anotherPostgresPool() {
        postgres();
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(postgres.getPostgresDatabase());
        pool.setMaximumPoolSize(4);
        return new DelegatingDataSource(pool);
    }

    /**
     * A PostgreSQL server of one test's own, which the test may stop and start again (same data directory, same
     * port): a database outage under a running gateway. The shared server of {@link #postgres()} is never stopped.
     */
    public static StoppablePostgres stoppablePostgres(java.nio.file.Path dataDirectory) {
        return new StoppablePostgres(dataDirectory);
    }

    public static final class StoppablePostgres implements AutoCloseable {

        private final java.nio.file.Path data;
        private int port;
        private EmbeddedPostgres server;

        private StoppablePostgres(java.nio.file.Path data) {
            this.data = data;
            start();
        }

        /** Starts the server (the first time on a free port, then on that port again). */
        public synchronized void start() {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data)
                        .setCleanDataDirectory(false);
                if (port > 0) {
                    builder.setPort(port);
                }
                server = builder.start();
                port = server.getPort();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }

        /** Stops the server; clients lose their connections, the data stays. */
        public synchronized void stop() {
            try {
                server.close();
                server = null;
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
            }
        }

        /** Connections to it, for a test's own queries. */
        public DataSource dataSource() {
            return server.getPostgresDatabase();
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
        }

        @Override
        public synchronized void close() {
            if (server != null) {
                stop();
            }
        }
    }

    private static DataSource migrated(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }
}
