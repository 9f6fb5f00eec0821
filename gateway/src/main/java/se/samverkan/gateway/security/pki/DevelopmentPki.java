package se.samverkan.gateway.security.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Writes a development PKI: root CA, issuing CA, the gateway's server, client and signing identities, one
 * client identity per participant, an expired and a revoked certificate, the CAs' CRLs and a trust store. Every
 * date derives from the clock, so tests get the same PKI shape at any instant. Keys are EC P-256 signed
 * with SHA-256: fast enough to generate that every test makes its own PKI, and supported by every TLS
 * 1.2/1.3 stack. Never for production: the CA keys sit next to the certificates, behind one shared password.
 */
public final class DevelopmentPki {

    /** The gateway's own HSA-id in the development PKI. */
    public static final String GATEWAY_ID = "SE2321000016-GW01";
    public static final String DEFAULT_PASSWORD = "changeit";

    // backdated, so the expired certificate's whole life lies inside its issuer's, as it would in reality
    private static final Duration CA_BACKDATE = Duration.ofDays(2 * 365);
    // a little slack for clocks of other machines that run behind ours
    private static final Duration LEAF_BACKDATE = Duration.ofHours(1);
    private static final Duration LEAF_LIFE = Duration.ofDays(365);
    private static final Duration CRL_LIFE = Duration.ofDays(7);
    private static final Set<String> RESERVED = Set.of("root-ca", "issuing-ca", "gateway-server", "gateway-client",
            "gateway-signing", "expired", "revoked", "truststore", "chain");

    private final Path out;
    private final Instant now;
    private final char[] password;
    private final CertificateAuthority root;
    private final CertificateAuthority issuing;

    private DevelopmentPki(Path out, Instant now, char[] password) throws GeneralSecurityException {
        this.out = out;
        this.now = now;
        this.password = password;
        Instant caFrom = now.minus(CA_BACKDATE);
        this.root = CertificateAuthority.root(caName("Samverkan Development Root CA"), caFrom,
                now.plus(Duration.ofDays(10 * 365)));
        this.issuing = root.subordinate(caName("Samverkan Development Issuing CA"), caFrom,
                now.plus(Duration.ofDays(5 * 365)));
    }

    public static PkiFiles create(Path out, Clock clock, char[] password) throws IOException, GeneralSecurityException {
        return create(out, clock, password, GATEWAY_ID, Participant.DEFAULTS);
    }

    public static PkiFiles create(Path out, Clock clock, char[] password, String gatewayId,
            List<Participant> participants) throws IOException, GeneralSecurityException {
        checkNames(participants);
        Files.createDirectories(out);
        return new DevelopmentPki(out, clock.instant().truncatedTo(ChronoUnit.SECONDS), password)
                .write(gatewayId, participants);
    }

    private PkiFiles write(String gatewayId, List<Participant> participants)
            throws IOException, GeneralSecurityException {
        Path rootCrt = pem("root-ca.crt", root.certificate());
        Path rootP12 = keystore("root-ca", root.keys().getPrivate(), root.certificate());
        Path issuingCrt = pem("issuing-ca.crt", issuing.certificate());
        Path issuingP12 = keystore("issuing-ca", issuing.keys().getPrivate(), issuing.certificate(),
                root.certificate());

        Instant from = now.minus(LEAF_BACKDATE);
        Instant to = now.plus(LEAF_LIFE);
        X500Name gateway = subject("Samverkan Gateway (development)", "samverkan-gateway", gatewayId);
        GeneralNames san = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        // two keys, not one with both purposes: the outbound identity can be rotated or moved to an HSM on its
        // own, and a receiver's EKU check then means something. Same subject: to a receiver it is one participant.
        Path server = leaf("gateway-server", gateway, from, to, KeyPurposeId.id_kp_serverAuth, san).path();
        Path client = leaf("gateway-client", gateway, from, to, KeyPurposeId.id_kp_clientAuth, null).path();
        // a third for signing payloads (CMS): a signature outlives the session a TLS key protects, so the signing
        // key is kept, rotated and protected on its own terms; participants sign with their client keys
        KeyPair signingKeys = CertificateAuthority.newKeyPair();
        Path signing = keystore("gateway-signing", signingKeys.getPrivate(),
                issuing.issueForSigning(gateway, signingKeys.getPublic(), from, to), issuing.certificate(),
                root.certificate());

        Map<String, Path> participantFiles = new LinkedHashMap<>();
        for (Participant p : participants) {
            participantFiles.put(p.name(), leaf(p.name(), subject(p.organisation(), p.system(), p.identifier()),
                    from, to, KeyPurposeId.id_kp_clientAuth, null).path());
        }

        // both carry a registered participant's identifier, so a refusal can only come from expiry or revocation
        Participant first = participants.get(0);
        Instant expiredTo = now.minus(Duration.ofDays(1));
        Path expired = leaf("expired", subject(first.organisation(), first.system() + " (expired)",
                first.identifier()), expiredTo.minus(LEAF_LIFE), expiredTo, KeyPurposeId.id_kp_clientAuth, null).path();
        Written revoked = leaf("revoked", subject(first.organisation(), first.system() + " (revoked)",
                first.identifier()), from, to, KeyPurposeId.id_kp_clientAuth, null);

        // revoked before the clock's instant: the JDK's PKIX only counts a revocation dated before its validation time
        Map<BigInteger, Instant> revokedSerials = Map.of(revoked.certificate().getSerialNumber(),
                now.minus(Duration.ofMinutes(30)));
        Path issuingCrl = der("issuing-ca.crl", issuing.crl(now, now.plus(CRL_LIFE), 1, revokedSerials).getEncoded());
        // the root's (empty) CRL lets a validator check the issuing CA too when only the root is a trust anchor
        Path rootCrl = der("root-ca.crl", root.crl(now, now.plus(CRL_LIFE), 1, Map.of()).getEncoded());

        Path truststore = truststore();
        Path chain = pem("chain.pem", issuing.certificate(), root.certificate());
        return new PkiFiles(out, rootCrt, rootP12, rootCrl, issuingCrt, issuingP12, issuingCrl, server, client,
                signing, participantFiles, expired, revoked.path(), truststore, chain);
    }

    private record Written(Path path, X509Certificate certificate) {
    }

    private Written leaf(String name, X500Name subject, Instant from, Instant to, KeyPurposeId purpose,
            GeneralNames san) throws IOException, GeneralSecurityException {
        KeyPair keys = CertificateAuthority.newKeyPair();
        X509Certificate certificate = issuing.issue(subject, keys.getPublic(), from, to, purpose, san);
        // the chain goes along, so a TLS peer gets the issuing CA even when its trust store holds only the root
        return new Written(keystore(name, keys.getPrivate(), certificate, issuing.certificate(), root.certificate()),
                certificate);
    }

    private Path keystore(String name, PrivateKey key, X509Certificate... chain)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(name, key, password, chain);
        return store(name + ".p12", store, true);
    }

    private Path truststore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root-ca", root.certificate());
        store.setCertificateEntry("issuing-ca", issuing.certificate());
        return store("truststore.p12", store, false);
    }

    private Path store(String file, KeyStore store, boolean secret) throws IOException, GeneralSecurityException {
        Path path = out.resolve(file);
        if (secret && Files.getFileStore(out).supportsFileAttributeView("posix")) {
            // owner-only before the key is written, not after: no moment in which others may read it
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            if (Files.exists(path)) {
                Files.setPosixFilePermissions(path, ownerOnly);
            } else {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(ownerOnly));
            }
        }
        try (OutputStream stream = Files.newOutputStream(path)) {
            store.store(stream, password);
        }
        return path;
    }

    private Path pem(String file, X509Certificate... certificates) throws IOException {
        Path path = out.resolve(file);
        try (Writer writer = Files.newBufferedWriter(path); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
        }
        return path;
    }

    private Path der(String file, byte[] encoded) throws IOException {
        return Files.write(out.resolve(file), encoded);
    }

    private static X500Name caName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "SE")
                .addRDN(BCStyle.O, "Samverkan Gateway Development PKI").addRDN(BCStyle.CN, commonName).build();
    }

    /** SITHS's shape: the identifier in serialNumber, where the participant check will read it; CN is free text. */
    static X500Name subject(String organisation, String system, String identifier) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "SE").addRDN(BCStyle.O, organisation)
                .addRDN(BCStyle.CN, system).addRDN(BCStyle.SERIALNUMBER, identifier).build();
    }

    private static void checkNames(List<Participant> participants) {
        if (participants.isEmpty()) {
            throw new IllegalArgumentException("at least one participant: the expired and revoked certificates copy the first");
        }
        Set<String> seen = new HashSet<>();
        for (Participant p : participants) {
            if (RESERVED.contains(p.name()) || !seen.add(p.name())) {
                throw new IllegalArgumentException("participant name " + p.name() + " is taken");
            }
        }
    }
}
