package se.samverkan.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.security.pki.Keystores;
import se.samverkan.gateway.security.pki.PkiFiles;
import se.samverkan.gateway.support.MutableClock;
import se.samverkan.gateway.support.TestCrls;
import se.samverkan.gateway.support.TestTls;

/** CRLs that change, lapse or break while the gateway runs. */
class RevocationTest {

    @TempDir
    static Path directory;
    static PkiFiles pki;
    static char[] password = TestTls.PASSWORD.toCharArray();

    @BeforeAll
    static void pki() {
        pki = TestTls.create(directory).files();
    }

    private Path copy(String name, Path crl) throws Exception {
        return Files.copy(crl, directory.resolve(name));
    }

    @Test
    void warnsAheadOfTheNextUpdateAndCallsAStaleCrlStale() throws Exception {
        Instant now = Instant.now();
        MutableClock clock = new MutableClock(now);
        Revocation revocation = new Revocation(List.of(copy("warn.crl", pki.issuingCaCrl())), clock,
                Duration.ofDays(2));
        Instant next = revocation.nextUpdate().orElseThrow();

        assertThat(revocation.status()).isEqualTo(Revocation.Status.CURRENT);
        clock.advance(Duration.between(clock.instant(), next.minus(Duration.ofDays(1))));
        assertThat(revocation.status()).isEqualTo(Revocation.Status.DUE);
        clock.advance(Duration.between(clock.instant(), next.plusSeconds(1)));
        assertThat(revocation.status()).isEqualTo(Revocation.Status.STALE);
        assertThat(new Revocation(List.of(), clock, Duration.ofDays(2)).status()).isEqualTo(Revocation.Status.NONE);
    }

    @Test
    void aCrlPastItsNextUpdateFailsClosed() throws Exception {
        Instant now = Instant.now();
        Path stale = directory.resolve("stale.crl");
        Files.write(stale, TestCrls.issuing(pki, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)),
                List.of()));
        Path root = copy("root-for-stale.crl", pki.rootCaCrl());
        KeyStore trust = Keystores.load(pki.truststore(), password);
        X509Certificate[] bhv = chain(pki.participant("bhv"));

        X509TrustManager current = trustManager(Crls.read(List.of(pki.issuingCaCrl(), pki.rootCaCrl())), trust);
        X509TrustManager lapsed = trustManager(Crls.read(List.of(stale, root)), trust);

        assertThatCode(() -> current.checkClientTrusted(bhv, "EC")).doesNotThrowAnyException();
        assertThatThrownBy(() -> lapsed.checkClientTrusted(bhv, "EC")).isInstanceOf(CertificateException.class);
    }

    @Test
    void aReplacedFileIsReadAgainAndHandedOnAndAnUnreadableOneKeepsTheSetInForce() throws Exception {
        Path file = copy("replaced.crl", pki.issuingCaCrl());
        Revocation revocation = new Revocation(List.of(file, copy("root-replaced.crl", pki.rootCaCrl())),
                java.time.Clock.systemUTC(), Duration.ofDays(2));
        KeyStore trust = Keystores.load(pki.truststore(), password);
        ReloadingTrustManager outbound = new ReloadingTrustManager(trust, revocation);
        AtomicInteger changes = new AtomicInteger();
        revocation.onChange(crls -> changes.incrementAndGet());
        X509Certificate[] bhv = chain(pki.participant("bhv"));
        assertThat(revocation.refresh()).as("nothing changed").isFalse();
        assertThatCode(() -> outbound.checkClientTrusted(bhv, "EC")).doesNotThrowAnyException();

        Instant now = Instant.now();
        TestCrls.replace(file, TestCrls.issuing(pki, now, now.plus(Duration.ofDays(7)),
                List.of(pki.participant("bhv"))));

        assertThat(revocation.refresh()).isTrue();
        assertThat(changes).hasValue(1);
        assertThatThrownBy(() -> outbound.checkClientTrusted(bhv, "EC")).isInstanceOf(CertificateException.class);

        Files.writeString(file, "not a CRL, half written");
        assertThat(revocation.refresh()).isFalse();
        assertThat(revocation.current().list()).hasSize(2);
        assertThatThrownBy(() -> outbound.checkClientTrusted(bhv, "EC")).isInstanceOf(CertificateException.class);
    }

    @Test
    void theCurrentVerifierFollowsTheCrls() throws Exception {
        Path file = copy("verifier.crl", pki.issuingCaCrl());
        Revocation revocation = new Revocation(List.of(file, copy("root-verifier.crl", pki.rootCaCrl())),
                java.time.Clock.systemUTC(), Duration.ofDays(2));
        CurrentVerifier verifier = new CurrentVerifier(Keystores.load(pki.truststore(), password), revocation,
                java.time.Clock.systemUTC());
        byte[] body = "{\"resourceType\":\"Consent\"}".getBytes();
        String signature = se.samverkan.gateway.security.signature.PayloadSigner
                .fromPkcs12(pki.participant("bhv"), password).header(body);
        assertThat(verifier.get().verify(body, signature).serialNumber()).isEqualTo("SE2321000016-BHV1");

        Instant now = Instant.now();
        TestCrls.replace(file, TestCrls.issuing(pki, now, now.plus(Duration.ofDays(7)),
                List.of(pki.participant("bhv"))));
        revocation.refresh();

        assertThatThrownBy(() -> verifier.get().verify(body, signature)).hasMessageContaining("revoked");
    }

    private static X509TrustManager trustManager(Crls crls, KeyStore trust) throws Exception {
        return (X509TrustManager) crls.trustManagers(trust).getTrustManagers()[0];
    }

    private static X509Certificate[] chain(Path keystore) throws Exception {
        KeyStore store = Keystores.load(keystore, password);
        return Arrays.stream(store.getCertificateChain(store.aliases().nextElement()))
                .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }
}
