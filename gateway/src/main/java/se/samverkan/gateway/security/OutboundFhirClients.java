package se.samverkan.gateway.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.http.impl.client.HttpClients;
import org.springframework.boot.ssl.SslBundle;

/**
 * HAPI's generic client for calls to participants' FHIR servers, over mutual TLS with the same identity and
 * trust as the Camel deliveries ({@code gateway-client} bundle, the CRLs of the moment). One connection pool for all of them;
 * make it once and ask it for a client per base URL.
 */
public final class OutboundFhirClients {

    private final FhirContext fhir;

    public OutboundFhirClients(SslBundle bundle, X509TrustManager trust) {
        this.fhir = FhirContext.forR4();
        ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(fhir);
        factory.setHttpClient(HttpClients.custom().setSSLContext(context(bundle, trust)).build());
        // a participant's CapabilityStatement is not fetched before every first call
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        fhir.setRestfulClientFactory(factory);
    }

    /** A client for the participant's FHIR base URL ({@code https://...}). */
    public IGenericClient client(String baseUrl) {
        if (!baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("a participant's FHIR server is reached over https only: " + baseUrl);
        }
        return fhir.newRestfulGenericClient(baseUrl);
    }

    private static SSLContext context(SslBundle bundle, X509TrustManager trust) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(bundle.getStores().getKeyStore(), KeyPasswords.of(bundle));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the outbound TLS identity cannot be used: " + e.getMessage(), e);
        }
    }
}
