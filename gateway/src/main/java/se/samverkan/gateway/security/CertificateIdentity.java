package se.samverkan.gateway.security;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Who a certificate names. SITHS puts the organisation's HSA-id (or a municipality's organisationsnummer)
 * in the subject serialNumber attribute, so that attribute, and nothing else in the subject, identifies a
 * participant.
 */
public final class CertificateIdentity {

    private CertificateIdentity() {
    }

    /**
     * The subject serialNumber, read from the encoded name: the JDK's RFC 2253 string shows this attribute
     * only as "2.5.4.5=#13..." (an OID and hex), so matching on getName() would never find it. Empty when the
     * subject has none, or more than one (which would make the identity ambiguous).
     */
    public static Optional<String> serialNumber(X509Certificate certificate) {
        RDN[] rdns = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
                .getRDNs(BCStyle.SERIALNUMBER);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return Optional.empty();
        }
        String value = IETFUtils.valueToString(rdns[0].getFirst().getValue()).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
