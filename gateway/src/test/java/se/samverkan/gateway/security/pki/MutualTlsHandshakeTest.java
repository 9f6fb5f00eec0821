package se.samverkan.gateway.security.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.security.CertificateIdentity;

/**
 * Real TLS on loopback with contexts built from the written files, as the gateway will build them: the
 * server requires a client certificate and validates it with PKIX against the trust store and the CRLs.
 * The PKI is made at the real clock here, because JSSE validates at the current time.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MutualTlsHandshakeTest {

    private static final char[] PASSWORD = "test-only-password".toCharArray();
    private static final int TIMEOUT_MILLIS = 5_000;

    @TempDir
    static Path dir;
    static PkiFiles files;
    static ExecutorService serverThread;

    @BeforeAll
    static void createPki() throws Exception {
        files = DevelopmentPki.create(dir, Clock.systemUTC(), PASSWORD);
        serverThread = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        serverThread.shutdownNow();
    }

    @Test
    void aParticipantCompletesTheHandshakeAndTheServerReadsItsHsaIdFromTheCertificate() throws Exception {
        Handshake handshake = connect(files.participant("school"));

        assertThat(handshake.clientFailure()).isNull();
        assertThat(handshake.serverFailure()).isNull();
        assertThat(handshake.peerSerialNumber()).isEqualTo("SE2120000001-SKOLA1");
    }

    @Test
    void theGatewaysOwnClientIdentityIsAcceptedToo() throws Exception {
        Handshake handshake = connect(files.gatewayClient());

        assertThat(handshake.serverFailure()).isNull();
        assertThat(handshake.peerSerialNumber()).isEqualTo(DevelopmentPki.GATEWAY_ID);
    }

    @Test
    void anExpiredClientCertificateFailsTheHandshakeAsExpired() throws Exception {
        Handshake handshake = connect(files.expired());

        assertRefused(handshake, BasicReason.EXPIRED);
    }

    @Test
    void aRevokedClientCertificateFailsTheHandshakeAsRevoked() throws Exception {
        Handshake handshake = connect(files.revoked());

        assertRefused(handshake, BasicReason.REVOKED);
    }

    private static void assertRefused(Handshake handshake, BasicReason reason) {
        assertThat(handshake.peerSerialNumber()).isNull();
        assertThat(handshake.serverFailure()).isInstanceOf(SSLHandshakeException.class);
        assertThat(handshake.serverFailure()).hasRootCauseInstanceOf(reason == BasicReason.REVOKED
                ? CertificateRevokedException.class : CertificateExpiredException.class);
        assertThat(causeOfType(handshake.serverFailure(), CertPathValidatorException.class).getReason())
                .isEqualTo(reason);
        // under TLS 1.3 the client finishes its side before the server judges its certificate; whether it then
        // reads the server's alert or writes into a closed socket is a race, so any I/O failure counts
        assertThat(handshake.clientFailure()).isInstanceOf(IOException.class);
    }

    private record Handshake(String peerSerialNumber, Throwable serverFailure, Throwable clientFailure) {
    }

    private static Handshake connect(Path clientKeystore) throws Exception {
        SSLContext server = context(files.gatewayServer(), serverTrust());
        SSLContext client = context(clientKeystore, clientTrust());
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(TIMEOUT_MILLIS);
            Future<String> accepted = serverThread.submit(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setSoTimeout(TIMEOUT_MILLIS);
                    socket.startHandshake();
                    X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    socket.getOutputStream().write(42);
                    socket.getOutputStream().flush();
                    return CertificateIdentity.serialNumber(peer).orElse(null);
                }
            });
            Throwable clientFailure = null;
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), TIMEOUT_MILLIS);
                plain.setSoTimeout(TIMEOUT_MILLIS);
                try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                        .createSocket(plain, "127.0.0.1", listener.getLocalPort(), false)) {
                    SSLParameters parameters = socket.getSSLParameters();
                    // the client checks the server's name against its SAN, as an HTTPS client would
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    assertThat(socket.getInputStream().read()).isEqualTo(42);
                }
            } catch (IOException e) {
                clientFailure = e;
            }
            try {
                return new Handshake(accepted.get(2L * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS), null, clientFailure);
            } catch (ExecutionException e) {
                return new Handshake(null, e.getCause(), clientFailure);
            }
        }
    }

    private static SSLContext context(Path keystore, TrustManagerFactory trust) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(Keystores.load(keystore, PASSWORD), PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** PKIX with revocation from the CRLs: without them an expired certificate fails, a revoked one passes. */
    private static TrustManagerFactory serverTrust() throws Exception {
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(Keystores.load(files.truststore(), PASSWORD),
                new X509CertSelector());
        parameters.setRevocationEnabled(true);
        parameters.addCertStore(TestPki.crls(files));
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(new CertPathTrustManagerParameters(parameters));
        return trust;
    }

    private static TrustManagerFactory clientTrust() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(Keystores.load(files.truststore(), PASSWORD));
        return trust;
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
    }
}
