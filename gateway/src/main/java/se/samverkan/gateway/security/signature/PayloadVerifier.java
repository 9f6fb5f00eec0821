package se.samverkan.gateway.security.signature;

import static se.samverkan.gateway.security.signature.SignatureRefusedException.NOT_A_SIGNATURE;
import static se.samverkan.gateway.security.signature.SignatureRefusedException.SIGNER;
import static se.samverkan.gateway.security.signature.SignatureRefusedException.TAMPERED;
import static se.samverkan.gateway.security.signature.SignatureRefusedException.UNTRUSTED;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import se.samverkan.gateway.security.CertificateIdentity;
import se.samverkan.gateway.security.pki.Keystores;

/**
 * Verifies a detached CMS signature over a payload's exact bytes and says who signed: one signer, its
 * certificate in the SignedData, the signature over the given content, and the certificate's chain valid
 * by PKIX against the trust anchors with revocation from the CRLs, at the clock's instant. Immutable and
 * thread-safe; when the CRLs are renewed, build a new one.
 */
public final class PayloadVerifier {

    private static final Set<String> DIGESTS = Set.of(NISTObjectIdentifiers.id_sha256.getId(),
            NISTObjectIdentifiers.id_sha384.getId(), NISTObjectIdentifiers.id_sha512.getId());
    private static final int MAX_CHAIN = 8;

    private final Set<TrustAnchor> anchors;
    private final CertStore crls;
    private final Clock clock;

    /**
     * A verified signature: the signer's certificate and the participant identity in its subject serialNumber.
     * The signing time is the signer's claim, signed but not checked against anything.
     */
    public record Verified(X509Certificate signer, String serialNumber, Optional<Instant> signingTime) {
    }

    /** {@code truststore}'s trusted certificate entries become the trust anchors; its key entries are ignored. */
    public PayloadVerifier(KeyStore truststore, Collection<X509CRL> crls, Clock clock) {
        Set<TrustAnchor> found = new HashSet<>();
        try {
            for (String alias : Collections.list(truststore.aliases())) {
                if (truststore.isCertificateEntry(alias)) {
                    found.add(new TrustAnchor((X509Certificate) truststore.getCertificate(alias), null));
                }
            }
            this.crls = CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.copyOf(crls)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable trust store or CRLs", e);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("the trust store has no trusted certificate");
        }
        this.anchors = Set.copyOf(found);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A PKCS#12 trust store and DER or PEM CRL files, as the development PKI writes them. */
    public static PayloadVerifier fromFiles(Path truststore, char[] password, List<Path> crlFiles, Clock clock)
            throws IOException, GeneralSecurityException {
        List<X509CRL> crls = new ArrayList<>();
        for (Path file : crlFiles) {
            crls.add(Keystores.readCrl(file));
        }
        return new PayloadVerifier(Keystores.load(truststore, password), crls, clock);
    }

    /** The value of {@link PayloadSigner#HEADER}: base64 of the DER SignedData. */
    public Verified verify(byte[] content, String header) {
        if (header == null || header.isBlank()) {
            throw new SignatureRefusedException(NOT_A_SIGNATURE, "no signature");
        }
        byte[] cms;
        try {
            cms = Base64.getDecoder().decode(header.strip());
        } catch (IllegalArgumentException e) {
            throw new SignatureRefusedException(NOT_A_SIGNATURE, "the signature is not base64");
        }
        return verify(content, cms);
    }

    /** {@code cms}: the DER (or BER) SignedData, as in a {@code .p7s} sidecar file. */
    public Verified verify(byte[] content, byte[] cms) {
        Objects.requireNonNull(content, "content");
        CMSSignedData signed = parse(content, cms);
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new SignatureRefusedException(SIGNER, "expected one signer, found " + signers.size());
        }
        SignerInformation signer = signers.iterator().next();
        List<X509Certificate> certificates = certificates(signed);
        X509Certificate certificate = signersCertificate(signed, signer);
        checkSignature(signer, certificate);
        checkTrust(certificate, certificates);
        String identity = CertificateIdentity.serialNumber(certificate).orElseThrow(() -> new SignatureRefusedException(
                SIGNER, "the signer's certificate names no participant (no single subject serialNumber)"));
        return new Verified(certificate, identity, signingTime(signer));
    }

    private static CMSSignedData parse(byte[] content, byte[] cms) {
        if (cms == null || cms.length == 0) {
            throw new SignatureRefusedException(NOT_A_SIGNATURE, "no signature");
        }
        ContentInfo info;
        SignedData data;
        try {
            // fromByteArray refuses trailing bytes: the signature is exactly one DER (or BER) object
            info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
            if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
                throw new SignatureRefusedException(NOT_A_SIGNATURE, "not a CMS SignedData");
            }
            data = SignedData.getInstance(info.getContent());
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            // what BC's ASN.1 parser throws on bytes of the wrong shape
            throw new SignatureRefusedException(NOT_A_SIGNATURE, "not a CMS signature", e);
        }
        if (!CMSObjectIdentifiers.data.equals(data.getEncapContentInfo().getContentType())) {
            throw new SignatureRefusedException(NOT_A_SIGNATURE, "the signed content type is not id-data");
        }
        if (data.getEncapContentInfo().getContent() != null) {
            // checking it against the body would work, but the contract is detached: no second copy of the payload
            throw new SignatureRefusedException(NOT_A_SIGNATURE,
                    "the signature carries its own content; a detached signature is expected");
        }
        try {
            return new CMSSignedData(new CMSProcessableByteArray(content), info);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureRefusedException(NOT_A_SIGNATURE, "not a CMS signature", e);
        }
    }

    private static List<X509Certificate> certificates(CMSSignedData signed) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
            certificates.add(convert(holder));
        }
        return certificates;
    }

    private static X509Certificate signersCertificate(CMSSignedData signed, SignerInformation signer) {
        Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new SignatureRefusedException(SIGNER, "the signer's certificate is not in the signature");
        }
        if (matches.size() > 1) {
            throw new SignatureRefusedException(SIGNER, "several certificates match the signer");
        }
        return convert(matches.iterator().next());
    }

    private static X509Certificate convert(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new SignatureRefusedException(NOT_A_SIGNATURE, "a certificate in the signature is unreadable", e);
        }
    }

    private static void checkSignature(SignerInformation signer, X509Certificate certificate) {
        if (!DIGESTS.contains(signer.getDigestAlgOID())) {
            throw new SignatureRefusedException(NOT_A_SIGNATURE,
                    "digest algorithm " + signer.getDigestAlgOID() + " is not accepted (SHA-256, -384 or -512)");
        }
        boolean valid;
        try {
            // from the key, not the certificate: BC would otherwise judge the certificate's dates at the
            // claimed signing time, before PKIX judges them at ours
            valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate.getPublicKey()));
        } catch (CMSSignerDigestMismatchException e) {
            valid = false;
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new SignatureRefusedException(NOT_A_SIGNATURE, "the signature cannot be checked (algorithm or "
                    + "signed attributes not understood)", e);
        }
        if (!valid) {
            throw new SignatureRefusedException(TAMPERED, "the content does not match the signature");
        }
    }

    private void checkTrust(X509Certificate certificate, List<X509Certificate> certificates) {
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && !usage[0] && !usage[1]) {
            throw new SignatureRefusedException(UNTRUSTED, "the signer's certificate is not for signing (key usage)");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(true);
            parameters.addCertStore(crls);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path(certificate, certificates)),
                    parameters);
        } catch (CertPathValidatorException e) {
            throw new SignatureRefusedException(UNTRUSTED, untrusted(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX validation could not run", e);
        }
    }

    /**
     * Signer first, then up through the SignedData's certificates by issuer name until an issuer is a trust
     * anchor. Only ordering: PKIX then checks every signature, date and revocation on the way.
     */
    private List<X509Certificate> path(X509Certificate signer, List<X509Certificate> certificates) {
        List<X509Certificate> path = new ArrayList<>(List.of(signer));
        X509Certificate current = signer;
        while (path.size() < MAX_CHAIN && !issuedByAnchor(current)) {
            X509Certificate issuer = issuer(current, certificates, path);
            if (issuer == null) {
                break;
            }
            path.add(issuer);
            current = issuer;
        }
        return path;
    }

    private boolean issuedByAnchor(X509Certificate certificate) {
        return anchors.stream().anyMatch(
                a -> a.getTrustedCert().getSubjectX500Principal().equals(certificate.getIssuerX500Principal()));
    }

    private static X509Certificate issuer(X509Certificate certificate, List<X509Certificate> candidates,
            List<X509Certificate> taken) {
        for (X509Certificate candidate : candidates) {
            if (!taken.contains(candidate)
                    && candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(candidate.getPublicKey());
                    return candidate;
                } catch (GeneralSecurityException e) {
                    // same name, other key: look on
                }
            }
        }
        return null;
    }

    private static String untrusted(CertPathValidatorException e) {
        String which = e.getIndex() > 0 ? "a CA certificate in the signer's chain" : "the signer's certificate";
        if (e.getReason() instanceof CertPathValidatorException.BasicReason basic) {
            return switch (basic) {
                case EXPIRED -> which + " has expired";
                case NOT_YET_VALID -> which + " is not yet valid";
                case REVOKED -> which + " is revoked" + revocation(e);
                case UNDETERMINED_REVOCATION_STATUS ->
                    "the revocation status of " + which + " is unknown (no current CRL from its issuer)";
                case INVALID_SIGNATURE -> "the signer's certificate is not issued by a trusted CA";
                default -> which + " is not trusted (" + basic + ")";
            };
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return "the signer's certificate is not issued by a trusted CA";
        }
        return which + " is not trusted (" + e.getReason() + ")";
    }

    private static String revocation(CertPathValidatorException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateRevokedException revoked) {
                return " since " + revoked.getRevocationDate().toInstant() + " (" + revoked.getRevocationReason() + ")";
            }
        }
        return "";
    }

    private static Optional<Instant> signingTime(SignerInformation signer) {
        if (signer.getSignedAttributes() == null) {
            return Optional.empty();
        }
        Attribute attribute = signer.getSignedAttributes().get(CMSAttributes.signingTime);
        if (attribute == null || attribute.getAttrValues().size() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
