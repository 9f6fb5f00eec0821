package se.samverkan.gateway.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.security.pki.DevelopmentPki;
import se.samverkan.gateway.security.pki.Keystores;
import se.samverkan.gateway.security.pki.PkiFiles;

class PayloadVerifierTest {

    // a fixed future instant: the PKI, the signatures and the verification all derive from it
    private static final Instant NOW = Instant.parse("2027-08-16T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final char[] PASSWORD = "test-only-password".toCharArray();
    private static final String MARKER = "CONTENT-THAT-MUST-NOT-LEAK";
    private static final byte[] BODY = ("{\"resourceType\":\"Bundle\",\"type\":\"message\",\"id\":\"" + MARKER + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    @TempDir
    static Path otherDir;
    static PkiFiles files;
    static PayloadVerifier verifier;

    @BeforeAll
    static void createPki() throws Exception {
        files = DevelopmentPki.create(dir, CLOCK, PASSWORD);
        verifier = TestSignatures.verifier(files, PASSWORD, CLOCK);
    }

    @Test
    void aSignatureByTheGatewayVerifiesAndNamesTheGatewaysHsaId() throws Exception {
        PayloadSigner gateway = PayloadSigner.fromPkcs12(files.gatewaySigning(), PASSWORD, CLOCK);

        PayloadVerifier.Verified verified = verifier.verify(BODY, gateway.sign(BODY));

        assertThat(verified.serialNumber()).isEqualTo(DevelopmentPki.GATEWAY_ID);
        assertThat(verified.signer()).isEqualTo(Keystores.certificate(files.gatewaySigning(), PASSWORD));
        assertThat(verified.signingTime()).contains(NOW);
    }

    @Test
    void theHeaderValueVerifiesLikeTheDerBytes() throws Exception {
        PayloadSigner gateway = PayloadSigner.fromPkcs12(files.gatewaySigning(), PASSWORD, CLOCK);

        assertThat(verifier.verify(BODY, gateway.header(BODY)).serialNumber()).isEqualTo(DevelopmentPki.GATEWAY_ID);
    }

    @Test
    void aParticipantsSignatureWithItsTlsClientKeyVerifiesAndNamesItsHsaId() throws Exception {
        PayloadSigner school = PayloadSigner.fromPkcs12(files.participant("school"), PASSWORD, CLOCK);

        assertThat(verifier.verify(BODY, school.sign(BODY)).serialNumber()).isEqualTo("SE2120000001-SKOLA1");
    }

    @Test
    void anRsaKeyAsSithsHasSignsAndVerifiesWithSha256WithRsa() throws Exception {
        PayloadSigner rsa = TestSignatures.rsaParticipant(files, PASSWORD, NOW, CLOCK);

        assertThat(verifier.verify(BODY, rsa.sign(BODY)).serialNumber())
                .isEqualTo(TestSignatures.RSA_PARTICIPANT_ID);
    }

    @Test
    void oneFlippedByteInTheBodyIsRefusedAsTamperedWithoutQuotingIt() throws Exception {
        byte[] signature = PayloadSigner.fromPkcs12(files.participant("bhv"), PASSWORD, CLOCK).sign(BODY);
        byte[] tampered = BODY.clone();
        tampered[tampered.length / 2] ^= 0x01;

        assertRefused(() -> verifier.verify(tampered, signature), SignatureRefusedException.TAMPERED)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(MARKER).doesNotContain("Region Exempel"));
    }

    @Test
    void aBodyWithOneByteMoreIsRefusedAsTampered() throws Exception {
        byte[] signature = PayloadSigner.fromPkcs12(files.gatewaySigning(), PASSWORD, CLOCK).sign(BODY);
        byte[] longer = new String(BODY, StandardCharsets.UTF_8).concat("\n").getBytes(StandardCharsets.UTF_8);

        assertRefused(() -> verifier.verify(longer, signature), SignatureRefusedException.TAMPERED);
    }

    @Test
    void aSignatureFromACertificateOfAnotherCaWithTheSameNamesIsRefusedAsUntrusted() throws Exception {
        // DevelopmentPki names its CAs alike every time: only the keys tell them apart
        PkiFiles other = DevelopmentPki.create(otherDir, CLOCK, PASSWORD);
        byte[] signature = PayloadSigner.fromPkcs12(other.participant("bhv"), PASSWORD, CLOCK).sign(BODY);

        assertRefused(() -> verifier.verify(BODY, signature), SignatureRefusedException.UNTRUSTED)
                .satisfies(e -> assertThat(e.reason()).contains("not issued by a trusted CA"));
    }

    @Test
    void theExpiredCertificatesSignatureIsRefusedAsExpired() throws Exception {
        byte[] signature = PayloadSigner.fromPkcs12(files.expired(), PASSWORD, CLOCK).sign(BODY);

        assertRefused(() -> verifier.verify(BODY, signature), SignatureRefusedException.UNTRUSTED)
                .satisfies(e -> assertThat(e.reason()).isEqualTo("the signer's certificate has expired"));
    }

    @Test
    void theRevokedCertificatesSignatureIsRefusedAsRevoked() throws Exception {
        byte[] signature = PayloadSigner.fromPkcs12(files.revoked(), PASSWORD, CLOCK).sign(BODY);

        assertRefused(() -> verifier.verify(BODY, signature), SignatureRefusedException.UNTRUSTED)
                .satisfies(e -> assertThat(e.reason()).startsWith("the signer's certificate is revoked since")
                        .contains("KEY_COMPROMISE"));
    }

    @Test
    void aValidSignatureIsJudgedAtTheVerifiersClockSoItExpiresWithItsCertificate() throws Exception {
        byte[] signature = PayloadSigner.fromPkcs12(files.participant("bup"), PASSWORD, CLOCK).sign(BODY);
        Instant later = NOW.plus(Duration.ofDays(366));
        PayloadVerifier nextYear = new PayloadVerifier(Keystores.load(files.truststore(), PASSWORD),
                TestSignatures.crls(files), Clock.fixed(later, ZoneOffset.UTC));

        assertThat(verifier.verify(BODY, signature).serialNumber()).isEqualTo("SE2321000016-BUP1");
        assertRefused(() -> nextYear.verify(BODY, signature), SignatureRefusedException.UNTRUSTED)
                .satisfies(e -> assertThat(e.reason()).isEqualTo("the signer's certificate has expired"));
    }

    @Test
    void withoutTheIssuersCrlTheRevocationStatusIsUnknownAndTheSignatureIsRefused() throws Exception {
        byte[] signature = PayloadSigner.fromPkcs12(files.participant("bhv"), PASSWORD, CLOCK).sign(BODY);
        PayloadVerifier noCrls = new PayloadVerifier(Keystores.load(files.truststore(), PASSWORD), List.of(), CLOCK);

        assertRefused(() -> noCrls.verify(BODY, signature), SignatureRefusedException.UNTRUSTED)
                .satisfies(e -> assertThat(e.reason()).contains("revocation status"));
    }

    @Test
    void garbageAndBadBase64AreRefusedAsNotASignature() {
        assertRefused(() -> verifier.verify(BODY, new byte[] {0x30, 0x03, 0x02, 0x01}),
                SignatureRefusedException.NOT_A_SIGNATURE);
        assertRefused(() -> verifier.verify(BODY, BODY), SignatureRefusedException.NOT_A_SIGNATURE);
        assertRefused(() -> verifier.verify(BODY, new byte[0]), SignatureRefusedException.NOT_A_SIGNATURE);
        assertRefused(() -> verifier.verify(BODY, "not base64!"), SignatureRefusedException.NOT_A_SIGNATURE);
        assertRefused(() -> verifier.verify(BODY, (String) null), SignatureRefusedException.NOT_A_SIGNATURE);
        assertRefused(() -> verifier.verify(BODY, Base64.getEncoder().encodeToString(BODY)),
                SignatureRefusedException.NOT_A_SIGNATURE);
    }

    @Test
    void trailingBytesAfterTheSignatureAreRefused() throws Exception {
        byte[] signature = PayloadSigner.fromPkcs12(files.gatewaySigning(), PASSWORD, CLOCK).sign(BODY);
        byte[] longer = Arrays.copyOf(signature, signature.length + 1);

        assertRefused(() -> verifier.verify(BODY, longer), SignatureRefusedException.NOT_A_SIGNATURE);
    }

    @Test
    void anAttachedSignatureOverOtherContentIsRefusedAsNotDetached() throws Exception {
        byte[] other = "{\"resourceType\":\"Bundle\"}".getBytes(StandardCharsets.UTF_8);
        byte[] attached = generator(files.gatewaySigning()).generate(new CMSProcessableByteArray(other), true)
                .getEncoded();

        assertRefused(() -> verifier.verify(BODY, attached), SignatureRefusedException.NOT_A_SIGNATURE)
                .satisfies(e -> assertThat(e.reason()).contains("detached"));
    }

    @Test
    void aSignatureWithTwoSignersIsRefused() throws Exception {
        CMSSignedDataGenerator generator = generator(files.gatewaySigning());
        add(generator, files.participant("bhv"));

        byte[] twice = generator.generate(new CMSProcessableByteArray(BODY), false).getEncoded();

        assertRefused(() -> verifier.verify(BODY, twice), SignatureRefusedException.SIGNER)
                .satisfies(e -> assertThat(e.reason()).contains("found 2"));
    }

    @Test
    void aSignatureWithoutTheSignersCertificateIsRefused() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        KeyStore store = Keystores.load(files.gatewaySigning(), PASSWORD);
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().build()).build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(
                        (PrivateKey) store.getKey("gateway-signing", PASSWORD)),
                (X509Certificate) store.getCertificate("gateway-signing")));
        byte[] bare = generator.generate(new CMSProcessableByteArray(BODY), false).getEncoded();

        assertRefused(() -> verifier.verify(BODY, bare), SignatureRefusedException.SIGNER);
    }

    @Test
    void aVerifierWithoutTrustedCertificatesCannotBeMade() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);

        assertThatThrownBy(() -> new PayloadVerifier(empty, List.of(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static CMSSignedDataGenerator generator(Path keystore) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        add(generator, keystore);
        return generator;
    }

    private static void add(CMSSignedDataGenerator generator, Path keystore) throws Exception {
        KeyStore store = Keystores.load(keystore, PASSWORD);
        String alias = store.aliases().nextElement();
        X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().build()).build(
                new JcaContentSignerBuilder("SHA256withECDSA").build((PrivateKey) store.getKey(alias, PASSWORD)),
                certificate));
        generator.addCertificates(new JcaCertStore(List.of(store.getCertificateChain(alias))));
    }

    private static AbstractThrowableAssert<?, SignatureRefusedException> assertRefused(
            ThrowingCallable call, String code) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(SignatureRefusedException.class);
        SignatureRefusedException refused = (SignatureRefusedException) thrown;
        assertThat(refused.code()).as(refused.getMessage()).isEqualTo(code);
        assertThat(refused.getMessage()).startsWith(code + " ").doesNotContain(MARKER);
        return assertThat(refused);
    }
}
