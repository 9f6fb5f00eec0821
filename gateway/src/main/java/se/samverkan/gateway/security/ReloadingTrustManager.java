package se.samverkan.gateway.security;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * PKIX trust in a trust store with the CRLs of the moment: each new set from {@link Revocation} replaces the
 * trust manager underneath, so a TLS context made once (Camel's https component, HAPI's client) checks every
 * new handshake against the current CRLs without a restart.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {

    private final KeyStore trustStore;
    private volatile X509ExtendedTrustManager current;

    ReloadingTrustManager(KeyStore trustStore, Revocation revocation) {
        this.trustStore = trustStore;
        this.current = build(revocation.current());
        revocation.onChange(crls -> current = build(crls));
    }

    private X509ExtendedTrustManager build(Crls crls) {
        try {
            for (TrustManager manager : crls.trustManagers(trustStore).getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509 trust manager for the trust store");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the trust store cannot be used: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        current.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        current.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        current.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        current.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return current.getAcceptedIssuers();
    }
}
