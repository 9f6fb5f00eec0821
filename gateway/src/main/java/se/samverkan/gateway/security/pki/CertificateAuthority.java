package se.samverkan.gateway.security.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA key with its certificate, able to issue certificates and CRLs. Bouncy Castle builds and signs;
 * the JDK's providers generate keys and parse the result, so nothing registers BC as a global provider
 * inside the gateway's JVM.
 */
final class CertificateAuthority {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    static CertificateAuthority root(X500Name subject, Instant from, Instant to) throws GeneralSecurityException {
        KeyPair keys = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(from),
                Date.from(to), subject, keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
        return new CertificateAuthority(keys, sign(builder, keys));
    }

    /** An issuing CA under this one; path length 0, so it can issue end-entity certificates only. */
    CertificateAuthority subordinate(X500Name subject, Instant from, Instant to) throws GeneralSecurityException {
        KeyPair subKeys = newKeyPair();
        X509v3CertificateBuilder builder = builder(subject, subKeys.getPublic(), from, to);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
        return new CertificateAuthority(subKeys, sign(builder, keys));
    }

    /**
     * An end-entity certificate for one TLS purpose. digitalSignature is the only key usage an EC key
     * needs for (EC)DHE handshakes in TLS 1.2 and 1.3, and it also lets a participant sign payloads (CMS)
     * with its client key; san may be null.
     */
    X509Certificate issue(X500Name subject, PublicKey key, Instant from, Instant to, KeyPurposeId purpose,
            GeneralNames san) throws GeneralSecurityException {
        return issue(subject, key, from, to, KeyUsage.digitalSignature, purpose, san);
    }

    /**
     * An end-entity certificate for signing documents (CMS): digitalSignature and nonRepudiation, and no
     * extended key usage, so it serves no TLS purpose and every CMS verifier's default purpose accepts it
     * (OpenSSL's smime_sign refuses a certificate whose only EKU is clientAuth).
     */
    X509Certificate issueForSigning(X500Name subject, PublicKey key, Instant from, Instant to)
            throws GeneralSecurityException {
        return issue(subject, key, from, to, KeyUsage.digitalSignature | KeyUsage.nonRepudiation, null, null);
    }

    private X509Certificate issue(X500Name subject, PublicKey key, Instant from, Instant to, int keyUsage,
            KeyPurposeId purpose, GeneralNames san) throws GeneralSecurityException {
        X509v3CertificateBuilder builder = builder(subject, key, from, to);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (san != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, san);
            }
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
        return sign(builder, keys);
    }

    /** A CRL listing the given serials, each with its revocation time (reason: key compromise). */
    X509CRL crl(Instant thisUpdate, Instant nextUpdate, long number, Map<BigInteger, Instant> revoked)
            throws GeneralSecurityException {
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate, Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        revoked.forEach((serial, when) -> builder.addCRLEntry(serial, Date.from(when), CRLReason.keyCompromise));
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(keys)));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    KeyPair keys() {
        return keys;
    }

    X509Certificate certificate() {
        return certificate;
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private X509v3CertificateBuilder builder(X500Name subject, PublicKey key, Instant from, Instant to)
            throws GeneralSecurityException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(from),
                Date.from(to), subject, key);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        try {
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(certificate));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
        return builder;
    }

    /** Positive and unpredictable, as the CA/Browser Forum asks (at least 64 random bits); here 127. */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signerKeys)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signerKeys)));
    }

    private static ContentSigner signer(KeyPair signerKeys) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(signerKeys.getPrivate());
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
