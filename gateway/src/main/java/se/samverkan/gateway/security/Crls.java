package se.samverkan.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManagerFactory;

/** Certificate revocation lists, read once at start, and PKIX trust that checks them. */
public final class Crls {

    private final List<X509CRL> crls;

    private Crls(List<X509CRL> crls) {
        this.crls = List.copyOf(crls);
    }

    /** Reads every CRL in the files (DER, or PEM with one or more CRLs). A missing file stops the start. */
    public static Crls read(List<Path> files) {
        List<X509CRL> all = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                    all.add((X509CRL) crl);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("gateway.security.crls: cannot read " + file, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("gateway.security.crls: " + file + " is not a CRL: " + e.getMessage(),
                        e);
            }
        }
        return new Crls(all);
    }

    public List<X509CRL> list() {
        return crls;
    }

    public boolean isEmpty() {
        return crls.isEmpty();
    }

    /**
     * PKIX trust in the store's certificates, with revocation checked against these CRLs for every
     * certificate of a path. Without CRLs: the JDK's default (no revocation checking).
     */
    public TrustManagerFactory trustManagers(KeyStore trustStore) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        if (crls.isEmpty()) {
            factory.init(trustStore);
            return factory;
        }
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(trustStore, new X509CertSelector());
        parameters.setRevocationEnabled(true);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        factory.init(new CertPathTrustManagerParameters(parameters));
        return factory;
    }

    /** All CRLs in one PEM file, the form Tomcat takes them in (one file per connector). */
    public Path writePem(Path file) {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        try {
            for (X509CRL crl : crls) {
                pem.append("-----BEGIN X509 CRL-----\n").append(base64.encodeToString(crl.getEncoded()))
                        .append("\n-----END X509 CRL-----\n");
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
