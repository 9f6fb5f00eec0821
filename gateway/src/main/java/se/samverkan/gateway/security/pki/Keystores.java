package se.samverkan.gateway.security.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collections;

/** Reading what {@link DevelopmentPki} writes, with the JDK's own providers, as the gateway will. */
public final class Keystores {

    private Keystores() {
    }

    public static KeyStore load(Path p12, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, password);
        }
        return store;
    }

    /** The end-entity certificate of a keystore's only key entry. */
    public static X509Certificate certificate(Path p12, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = load(p12, password);
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return (X509Certificate) store.getCertificate(alias);
            }
        }
        throw new GeneralSecurityException("no key entry in " + p12);
    }

    /** A PEM or DER certificate file. */
    public static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    public static X509CRL readCrl(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }
}
