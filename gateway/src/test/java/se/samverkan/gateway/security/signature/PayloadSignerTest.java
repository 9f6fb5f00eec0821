package se.samverkan.gateway.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.security.pki.DevelopmentPki;
import se.samverkan.gateway.security.pki.Keystores;
import se.samverkan.gateway.security.pki.PkiFiles;

class PayloadSignerTest {

    private static final Instant NOW = Instant.parse("2027-08-16T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final char[] PASSWORD = "test-only-password".toCharArray();
    private static final byte[] BODY = TestSignatures.body(2_000);

    @TempDir
    static Path dir;
    static PkiFiles files;
    static PayloadSigner gateway;

    @BeforeAll
    static void createPki() throws Exception {
        files = DevelopmentPki.create(dir, CLOCK, PASSWORD);
        gateway = PayloadSigner.fromPkcs12(files.gatewaySigning(), PASSWORD, CLOCK);
    }

    @Test
    void theSignatureIsDetachedDerWithSha256EcdsaSigningTimeDigestAndTheWholeChain() throws Exception {
        byte[] der = gateway.sign(BODY);
        CMSSignedData signed = new CMSSignedData(der);

        assertThat(signed.isDetachedSignature()).isTrue();
        assertThat(signed.getSignedContent()).isNull();
        assertThat(signed.toASN1Structure().getEncoded("DER")).isEqualTo(der);
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        assertThat(signed.getSignerInfos().size()).isEqualTo(1);
        assertThat(signer.getDigestAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256.getId());
        assertThat(signer.getEncryptionAlgOID()).isEqualTo(X9ObjectIdentifiers.ecdsa_with_SHA256.getId());
        AttributeTable attributes = signer.getSignedAttributes();
        assertThat(Time.getInstance(attributes.get(CMSAttributes.signingTime).getAttrValues().getObjectAt(0))
                .getDate().toInstant()).isEqualTo(NOW);
        assertThat(ASN1OctetString.getInstance(attributes.get(CMSAttributes.messageDigest).getAttrValues()
                .getObjectAt(0)).getOctets()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(BODY));
        List<X509Certificate> chain = new ArrayList<>();
        for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
            chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
        assertThat(chain).containsExactlyInAnyOrder(Keystores.certificate(files.gatewaySigning(), PASSWORD),
                Keystores.readCertificate(files.issuingCa()), Keystores.readCertificate(files.rootCa()));
    }

    @Test
    void theHeaderIsOneLineOfStandardBase64OfTheDer() throws Exception {
        String header = gateway.header(BODY);

        assertThat(header).matches("[A-Za-z0-9+/]+={0,2}");
        assertThat(new CMSSignedData(Base64.getDecoder().decode(header)).isDetachedSignature()).isTrue();
    }

    @Test
    void anRsaKeySignsWithSha256WithRsa() throws Exception {
        PayloadSigner rsa = TestSignatures.rsaParticipant(files, PASSWORD, NOW, CLOCK);

        SignerInformation signer = new CMSSignedData(rsa.sign(BODY)).getSignerInfos().getSigners().iterator().next();

        assertThat(signer.getDigestAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256.getId());
        // sha256WithRSAEncryption (PKCS#1 v1.5), which RFC 5754 allows beside plain rsaEncryption
        assertThat(signer.getEncryptionAlgOID()).isEqualTo("1.2.840.113549.1.1.11");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoThreadsSigningAtOnceMakeSignaturesThatAllVerify() throws Exception {
        PayloadVerifier verifier = TestSignatures.verifier(files, PASSWORD, CLOCK);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Callable<List<byte[]>>> work = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                byte[] body = TestSignatures.body(1_000 + t * 500);
                work.add(() -> {
                    List<byte[]> signatures = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        signatures.add(gateway.sign(body));
                    }
                    return signatures;
                });
            }
            List<Future<List<byte[]>>> done = threads.invokeAll(work);
            for (int t = 0; t < 2; t++) {
                byte[] body = TestSignatures.body(1_000 + t * 500);
                for (byte[] signature : done.get(t).get()) {
                    assertThat(verifier.verify(body, signature).serialNumber()).isEqualTo(DevelopmentPki.GATEWAY_ID);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtConstruction() throws Exception {
        KeyStore other = Keystores.load(files.participant("bhv"), PASSWORD);
        PrivateKey wrongKey = (PrivateKey) other.getKey("bhv", PASSWORD);
        X509Certificate certificate = Keystores.certificate(files.gatewaySigning(), PASSWORD);

        assertThatThrownBy(() -> new PayloadSigner(wrongKey, List.of(certificate), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    }

    @Test
    void aCaCertificateWhoseKeyUsageForbidsSigningIsRefusedAtConstruction() throws Exception {
        KeyStore ca = Keystores.load(files.issuingCaKeystore(), PASSWORD);

        assertThatThrownBy(() -> new PayloadSigner((PrivateKey) ca.getKey("issuing-ca", PASSWORD),
                List.of((X509Certificate) ca.getCertificate("issuing-ca")), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key usage");
    }
}
