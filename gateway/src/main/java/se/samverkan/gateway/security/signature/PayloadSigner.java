package se.samverkan.gateway.security.signature;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;
import se.samverkan.gateway.security.pki.Keystores;

/**
 * Signs payloads with a detached CMS (PKCS#7) SignedData over the exact bytes: SHA-256 with ECDSA or, for
 * an RSA key such as SITHS has, PKCS#1 v1.5 RSA; signed attributes content type, message digest and signing
 * time; the signer's certificate and its chain included. Thread-safe: each call builds its own generator
 * around a fresh {@code Signature}, which costs little next to the signature itself.
 */
public final class PayloadSigner {

    /** The HTTP header that carries the signature of a delivery's body. */
    public static final String HEADER = "X-Samverkan-Signature";
    /** A file delivery's signature lies next to it as {@code <name>.p7s}, DER. */
    public static final String SIDECAR_SUFFIX = ".p7s";

    private final PrivateKey key;
    private final String algorithm;
    private final X509Certificate certificate;
    private final JcaX509CertificateHolder signer;
    private final Store<X509CertificateHolder> certificates;
    private final DigestCalculatorProvider digests;
    private final Clock clock;

    /** {@code chain} starts with the signer's certificate; the CAs above it follow, the root optional. */
    public PayloadSigner(PrivateKey key, List<X509Certificate> chain, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("the signer's certificate is required");
        }
        this.algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("a signing key must be EC or RSA, not " + key.getAlgorithm());
        };
        this.certificate = chain.get(0);
        try {
            this.signer = new JcaX509CertificateHolder(certificate);
            this.certificates = new JcaCertStore(List.copyOf(chain));
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalArgumentException("unusable signing certificate chain", e);
        }
        checkKeyUsage(certificate);
        checkPair(key, certificate, algorithm);
    }

    public PayloadSigner(PrivateKey key, List<X509Certificate> chain) {
        this(key, chain, Clock.systemUTC());
    }

    /** The only key entry of a PKCS#12 keystore, with its chain; the key's password is the store's. */
    public static PayloadSigner fromPkcs12(Path p12, char[] password, Clock clock)
            throws IOException, GeneralSecurityException {
        KeyStore store = Keystores.load(p12, password);
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        if (keys.size() != 1) {
            throw new GeneralSecurityException("expected one key entry in " + p12 + ", found " + keys.size());
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : store.getCertificateChain(keys.get(0))) {
            chain.add((X509Certificate) certificate);
        }
        return new PayloadSigner((PrivateKey) store.getKey(keys.get(0), password), chain, clock);
    }

    public static PayloadSigner fromPkcs12(Path p12, char[] password) throws IOException, GeneralSecurityException {
        return fromPkcs12(p12, password, Clock.systemUTC());
    }

    /** The DER encoding of a detached CMS SignedData over exactly these bytes. */
    public byte[] sign(byte[] content) {
        Objects.requireNonNull(content, "content");
        try {
            AttributeTable signingTime = new AttributeTable(new Attribute(CMSAttributes.signingTime,
                    new DERSet(new Time(Date.from(clock.instant())))));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(digests)
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signingTime))
                    .build(new JcaContentSignerBuilder(algorithm).build(key), signer));
            generator.addCertificates(certificates);
            return generator.generate(new CMSProcessableByteArray(content), false).getEncoded(ASN1Encoding.DER);
        } catch (CMSException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** {@link #sign} as the value of {@link #HEADER}: standard base64 with padding, one line. */
    public String header(byte[] content) {
        return Base64.getEncoder().encodeToString(sign(content));
    }

    /** The signer's certificate: to check its expiry at start, or to say which key signs. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Fails at start, not at the first delivery, when the key is not the certificate's. */
    private static void checkPair(PrivateKey key, X509Certificate certificate, String algorithm) {
        byte[] probe = {0x53, 0x56};
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(probe);
            byte[] signed = signature.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signed)) {
                throw new IllegalArgumentException("the key does not belong to the signer's certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key does not belong to the signer's certificate", e);
        }
    }

    private static void checkKeyUsage(X509Certificate certificate) {
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && !usage[0] && !usage[1]) {
            throw new IllegalArgumentException("the certificate's key usage allows neither digitalSignature nor "
                    + "nonRepudiation: receivers would refuse its signatures");
        }
    }
}
