package se.samverkan.gateway.crash;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.samverkan.gateway.security.pki.PkiFiles;
import se.samverkan.gateway.support.TestTls;

/**
 * The gateway as a process of its own (the test JVM's classpath, the application's main class), in its
 * secure default configuration with the embedded H2 database, working in one directory that survives it:
 * what a test kills with SIGKILL and starts again.
 */
final class ChildGateway implements AutoCloseable {

    private final Path work;
    private final List<String> command;
    private Process process;
    private int starts;

    ChildGateway(Path work, TestTls tls, Map<String, String> schools, Map<String, String> more) {
        this.work = work;
        PkiFiles pki = tls.files();
        List<String> c = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath(),
                "se.samverkan.gateway.GatewayApplication",
                "--server.port=0",
                "--gateway.batch.poll-interval=200ms",
                "--gateway.outbox.poll-interval=100ms",
                "--gateway.outbox.timeout=5s",
                "--gateway.outbox.lease=30s",
                "--gateway.outbox.backoff-initial=200ms",
                "--gateway.outbox.backoff-max=1s",
                // the exporting BHV unit, a registered participant
                "--gateway.routing.organisations.SE2321000016-BHV1.name=BVC (test)",
                "--gateway.routing.organisations.SE2321000016-BHV1.kind=bhv",
                "--gateway.security.crls[0]=" + pki.issuingCaCrl(),
                "--gateway.security.crls[1]=" + pki.rootCaCrl(),
                "--spring.ssl.bundle.jks.gateway-signing.keystore.location=file:" + pki.gatewaySigning(),
                "--spring.ssl.bundle.jks.gateway-signing.keystore.password=" + TestTls.PASSWORD));
        for (String bundle : new String[] {"gateway-server", "gateway-client"}) {
            Path keystore = bundle.equals("gateway-server") ? pki.gatewayServer() : pki.gatewayClient();
            String prefix = "--spring.ssl.bundle.jks." + bundle + ".";
            c.add(prefix + "keystore.location=file:" + keystore);
            c.add(prefix + "keystore.password=" + TestTls.PASSWORD);
            c.add(prefix + "truststore.location=file:" + pki.truststore());
            c.add(prefix + "truststore.password=" + TestTls.PASSWORD);
        }
        schools.forEach((school, endpoint) -> c.add("--gateway.routing.schools." + school + ".emi-endpoint=" + endpoint));
        // a test's own value replaces the default above (Spring would join the two into a list)
        more.forEach((key, value) -> {
            c.removeIf(arg -> arg.startsWith("--" + key + "="));
            c.add("--" + key + "=" + value);
        });
        this.command = List.copyOf(c);
    }

    /** Starts the gateway; its output goes to {@code gateway-<n>.log} in the working directory. */
    void start() {
        try {
            starts++;
            process = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(log(starts).toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, nothing flushed that was not already. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as systemd or a rolling deploy stops a service; returns at once. */
    void terminate() {
        process.destroy();
    }

    /** Whether it has logged that it started; fails at once if it died instead. */
    boolean started() {
        if (!alive()) {
            throw new IllegalStateException("the gateway exited before it started; see " + log(starts));
        }
        return Files.exists(log(starts)) && logOf(starts).contains("Started GatewayApplication");
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    boolean awaitExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    Path log(int start) {
        return work.resolve("gateway-" + start + ".log");
    }

    String logOf(int start) {
        try {
            return Files.readString(log(start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (alive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test JVM's own classpath (surefire and failsafe hand it over in this property; a launcher jar otherwise). */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static String pathSeparator() {
        return File.pathSeparator;
    }
}
