package se.samverkan.gateway.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.gateway.security.CertificateIdentity;

class DevelopmentPkiTest {

    // the first school day of a future school year: nothing here may depend on today's date
    private static final Instant NOW = Instant.parse("2027-08-16T06:00:00Z");
    private static final char[] PASSWORD = "test-only-password".toCharArray();
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    static Path dir;
    static PkiFiles files;

    @BeforeAll
    static void createPki() throws Exception {
        files = DevelopmentPki.create(dir, Clock.fixed(NOW, ZoneOffset.UTC), PASSWORD);
    }

    static Stream<String> validIdentities() {
        return Stream.concat(Stream.of("gateway-server", "gateway-client", "gateway-signing"),
                Participant.DEFAULTS.stream().map(Participant::name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validIdentities")
    void chainFromTheRootThroughTheIssuingCaVerifiesWithRevocationChecked(String name) throws Exception {
        TestPki.validate(files, files.directory().resolve(name + ".p12"), PASSWORD, NOW);
    }

    @Test
    void theExpiredCertificateEndedYesterdayAndFailsPkixAsExpired() throws Exception {
        X509Certificate expired = Keystores.certificate(files.expired(), PASSWORD);
        assertThat(expired.getNotAfter().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(1)));

        assertThatThrownBy(() -> TestPki.validate(files, files.expired(), PASSWORD, NOW))
                .isInstanceOfSatisfying(CertPathValidatorException.class, e -> {
                    assertThat(e.getReason()).isEqualTo(BasicReason.EXPIRED);
                    assertThat(e.getIndex()).isZero();
                });
    }

    @Test
    void theRevokedCertificateIsInItsValidityButFailsPkixAsRevoked() throws Exception {
        X509Certificate revoked = Keystores.certificate(files.revoked(), PASSWORD);
        revoked.checkValidity(Date.from(NOW));

        assertThatThrownBy(() -> TestPki.validate(files, files.revoked(), PASSWORD, NOW))
                .isInstanceOfSatisfying(CertPathValidatorException.class, e -> {
                    assertThat(e.getReason()).isEqualTo(BasicReason.REVOKED);
                    assertThat(e.getCause()).isInstanceOfSatisfying(CertificateRevokedException.class,
                            r -> assertThat(r.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE));
                });
    }

    @Test
    void theIssuingCasCrlListsTheRevokedSerialAndIsGoodForSevenDays() throws Exception {
        X509CRL crl = Keystores.readCrl(files.issuingCaCrl());
        X509Certificate issuing = Keystores.readCertificate(files.issuingCa());
        crl.verify(issuing.getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(issuing.getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(crl.getRevokedCertificates()).singleElement()
                .satisfies(entry -> assertThat(entry.getSerialNumber())
                        .isEqualTo(Keystores.certificate(files.revoked(), PASSWORD).getSerialNumber()));
        assertThat(crl.isRevoked(Keystores.certificate(files.participant("bhv"), PASSWORD))).isFalse();
    }

    @Test
    void eachParticipantCarriesItsIdentifierInTheSubjectSerialNumberWithClientAuthOnly() throws Exception {
        for (Participant participant : Participant.DEFAULTS) {
            X509Certificate certificate = Keystores.certificate(files.participant(participant.name()), PASSWORD);
            assertThat(CertificateIdentity.serialNumber(certificate)).as(participant.name())
                    .contains(participant.identifier());
            assertThat(certificate.getExtendedKeyUsage()).as(participant.name()).containsExactly(CLIENT_AUTH);
            assertThat(certificate.getSubjectX500Principal().getName()).contains("O=" + participant.organisation());
        }
        assertThat(Participant.DEFAULTS).extracting(Participant::identifier).containsExactly(
                "SE2321000016-BHV1", "SE2120000001-SKOLA1", "SE2321000016-BUP1", "SE2120000142-SOC1");
    }

    @Test
    void theServerCertificateNamesLocalhostAndLoopbackForServerAuthAndCarriesTheGatewaysHsaId() throws Exception {
        X509Certificate server = Keystores.certificate(files.gatewayServer(), PASSWORD);
        assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(CertificateIdentity.serialNumber(server)).contains(DevelopmentPki.GATEWAY_ID);

        X509Certificate client = Keystores.certificate(files.gatewayClient(), PASSWORD);
        assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(client.getSubjectX500Principal()).isEqualTo(server.getSubjectX500Principal());
        assertThat(client.getPublicKey()).isNotEqualTo(server.getPublicKey());
    }

    @Test
    void theSigningCertificateIsForSignaturesOnlyWithTheGatewaysSubjectAndItsOwnKey() throws Exception {
        X509Certificate signing = Keystores.certificate(files.gatewaySigning(), PASSWORD);
        X509Certificate client = Keystores.certificate(files.gatewayClient(), PASSWORD);
        X509Certificate server = Keystores.certificate(files.gatewayServer(), PASSWORD);

        boolean[] usage = signing.getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isTrue();
        assertThat(usage[1]).as("nonRepudiation").isTrue();
        for (int bit = 2; bit < usage.length; bit++) {
            assertThat(usage[bit]).as("key usage bit %d", bit).isFalse();
        }
        assertThat(signing.getExtendedKeyUsage()).as("no TLS purpose").isNull();
        assertThat(signing.getSubjectAlternativeNames()).isNull();
        assertThat(signing.getSubjectX500Principal()).isEqualTo(client.getSubjectX500Principal());
        assertThat(CertificateIdentity.serialNumber(signing)).contains(DevelopmentPki.GATEWAY_ID);
        assertThat(signing.getPublicKey()).isNotEqualTo(client.getPublicKey()).isNotEqualTo(server.getPublicKey());
    }

    @Test
    void participantsClientCertificatesMaySignPayloadsToo() throws Exception {
        for (Participant participant : Participant.DEFAULTS) {
            boolean[] usage = Keystores.certificate(files.participant(participant.name()), PASSWORD).getKeyUsage();
            assertThat(usage[0]).as(participant.name() + " digitalSignature").isTrue();
        }
    }

    @Test
    void theCasAreARootAndAnIssuingCaThatMayOnlyIssueEndEntities() throws Exception {
        X509Certificate root = Keystores.readCertificate(files.rootCa());
        X509Certificate issuing = Keystores.readCertificate(files.issuingCa());
        root.verify(root.getPublicKey());
        issuing.verify(root.getPublicKey());
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(issuing.getBasicConstraints()).isZero();
        for (X509Certificate ca : List.of(root, issuing)) {
            boolean[] usage = ca.getKeyUsage();
            assertThat(usage[5]).as("keyCertSign").isTrue();
            assertThat(usage[6]).as("cRLSign").isTrue();
            assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        }
        X509Certificate leaf = Keystores.certificate(files.participant("bhv"), PASSWORD);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(64);
        assertThat(leaf.getSerialNumber()).isNotEqualTo(
                Keystores.certificate(files.participant("bup"), PASSWORD).getSerialNumber());
    }

    @Test
    void theTruststoreHoldsBothCasAsTrustedEntriesAndNoKey() throws Exception {
        KeyStore trust = Keystores.load(files.truststore(), PASSWORD);
        assertThat(Collections.list(trust.aliases())).containsExactlyInAnyOrder("root-ca", "issuing-ca");
        for (String alias : Collections.list(trust.aliases())) {
            assertThat(trust.isCertificateEntry(alias)).as(alias).isTrue();
        }
        assertThat(trust.getCertificate("root-ca")).isEqualTo(Keystores.readCertificate(files.rootCa()));
        try (var in = Files.newInputStream(files.chain())) {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            assertThat(chain).containsExactly(
                    Keystores.readCertificate(files.issuingCa()), Keystores.readCertificate(files.rootCa()));
        }
    }

    @Test
    void keystoresWithPrivateKeysAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(
                Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
        for (Path keystore : List.of(files.rootCaKeystore(), files.issuingCaKeystore(), files.gatewayServer(),
                files.gatewaySigning(), files.participant("school"), files.revoked())) {
            assertThat(Files.getPosixFilePermissions(keystore)).as(keystore.getFileName().toString())
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void aParticipantNameThatWouldOverwriteAnotherFileIsRefused() {
        assertThatThrownBy(() -> DevelopmentPki.create(dir.resolve("x"), Clock.fixed(NOW, ZoneOffset.UTC), PASSWORD,
                DevelopmentPki.GATEWAY_ID, List.of(new Participant("truststore", "O", "S", "SE1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truststore");
        assertThatThrownBy(() -> new Participant("../bhv", "O", "S", "SE1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
