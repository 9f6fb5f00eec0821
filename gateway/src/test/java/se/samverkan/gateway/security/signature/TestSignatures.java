package se.samverkan.gateway.security.signature;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import se.samverkan.gateway.security.pki.Keystores;
import se.samverkan.gateway.security.pki.PkiFiles;

/** What the signature tests share: signers and a verifier over a development PKI, and made-up bodies. */
final class TestSignatures {

    static final String RSA_PARTICIPANT_ID = "SE2321000016-RSA1";

    private TestSignatures() {
    }

    static PayloadVerifier verifier(PkiFiles files, char[] password, Clock clock) throws Exception {
        return PayloadVerifier.fromFiles(files.truststore(), password,
                List.of(files.issuingCaCrl(), files.rootCaCrl()), clock);
    }

    static List<X509CRL> crls(PkiFiles files) throws Exception {
        return List.of(Keystores.readCrl(files.issuingCaCrl()), Keystores.readCrl(files.rootCaCrl()));
    }

    /** A FHIR-shaped JSON body of about the given size: no person, only vaccine codes and dates. */
    static byte[] body(int bytes) {
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; json.length() < bytes - 200; i++) {
            json.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Immunization\",\"status\":")
                    .append("\"completed\",\"vaccineCode\":{\"coding\":[{\"system\":\"urn:oid:1.2.752.129.2.2.3.1\",")
                    .append("\"code\":\"V").append(i % 97).append("\"}]},\"occurrenceDateTime\":\"2026-0")
                    .append(1 + i % 9).append("-1").append(i % 10).append("\"}}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A participant with an RSA 2048 key, as SITHS function certificates have, issued by the development
     * issuing CA with the same extensions as the PKI's own client certificates.
     */
    static PayloadSigner rsaParticipant(PkiFiles files, char[] password, Instant now, Clock clock) throws Exception {
        KeyStore ca = Keystores.load(files.issuingCaKeystore(), password);
        PrivateKey caKey = (PrivateKey) ca.getKey("issuing-ca", password);
        X509Certificate caCert = (X509Certificate) ca.getCertificate("issuing-ca");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "SE")
                .addRDN(BCStyle.O, "Region Exempel").addRDN(BCStyle.CN, "RSA journal")
                .addRDN(BCStyle.SERIALNUMBER, RSA_PARTICIPANT_ID).build();
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(caCert, BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                        keys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(Extension.extendedKeyUsage, false,
                                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                        .addExtension(Extension.authorityKeyIdentifier, false,
                                utils.createAuthorityKeyIdentifier(caCert))
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
        return new PayloadSigner(keys.getPrivate(), List.of(certificate, caCert), clock);
    }

    static Path keystore(PkiFiles files, String name) {
        return files.directory().resolve(name + ".p12");
    }
}
