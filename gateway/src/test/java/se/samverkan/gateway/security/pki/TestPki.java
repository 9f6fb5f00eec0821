package se.samverkan.gateway.security.pki;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** What the PKI tests share: PKIX as the gateway will run it. */
final class TestPki {

    private TestPki() {
    }

    /** Both CRLs as a CertStore, as the gateway's trust manager will be given them. */
    static CertStore crls(PkiFiles files) throws Exception {
        return CertStore.getInstance("Collection", new CollectionCertStoreParameters(
                List.of(Keystores.readCrl(files.issuingCaCrl()), Keystores.readCrl(files.rootCaCrl()))));
    }

    /**
     * Validates a keystore's chain (leaf, issuing CA) against the root alone as trust anchor, with
     * revocation checked for both, at the given instant.
     */
    static void validate(PkiFiles files, Path keystore, char[] password, Instant at) throws Exception {
        KeyStore store = Keystores.load(keystore, password);
        String alias = Collections.list(store.aliases()).get(0);
        List<X509Certificate> chain = Arrays.stream(store.getCertificateChain(alias))
                .map(X509Certificate.class::cast).toList();
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, chain.size() - 1));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(Keystores.readCertificate(files.rootCa()),
                null)));
        parameters.setRevocationEnabled(true);
        parameters.addCertStore(crls(files));
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }
}
