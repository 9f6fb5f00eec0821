package se.samverkan.gateway.security;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.samverkan.gateway.security.signature.PayloadSigner;

/**
 * The gateway's signing key (the {@code gateway-signing} SSL bundle: a key of its own, not the TLS key) and
 * the verifier of signatures that arrive, which trusts what the FHIR face trusts ({@code gateway-server}'s
 * trust store) with the same CRLs. Every delivery is signed, so a missing signing key stops the start.
 */
@Configuration(proxyBeanMethods = false)
class SignatureConfiguration {

    @Bean
    PayloadSigner payloadSigner(SslBundles bundles, SecurityProperties properties, Clock clock)
            throws GeneralSecurityException {
        SslBundle bundle = bundles.getBundle(properties.signingBundle());
        KeyStore store = bundle.getStores().getKeyStore();
        String alias = bundle.getKey().getAlias();
        if (alias == null) {
            alias = Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("SSL bundle '" + properties.signingBundle()
                            + "' holds no private key"));
        }
        PrivateKey key = (PrivateKey) store.getKey(alias, KeyPasswords.of(bundle));
        List<X509Certificate> chain = Arrays.stream(store.getCertificateChain(alias))
                .map(X509Certificate.class::cast).toList();
        return new PayloadSigner(key, chain, clock);
    }

    @Bean
    CurrentVerifier payloadVerifier(SslBundles bundles, SecurityProperties properties, Revocation revocation,
                                    Clock clock) {
        return new CurrentVerifier(bundles.getBundle(properties.inboundBundle()).getStores().getTrustStore(),
                revocation, clock);
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
