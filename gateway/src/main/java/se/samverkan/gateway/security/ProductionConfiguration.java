package se.samverkan.gateway.security;

import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The production profile's check at start ({@link ProductionReadiness}): refused, with every reason. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.security.production", havingValue = "true")
class ProductionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProductionConfiguration.class);

    /** A marker bean: made only when nothing is left of the development set-up. */
    record ProductionChecked() {
    }

    @Bean
    ProductionChecked productionChecked(Environment environment, SslBundles bundles, SecurityProperties properties,
                                        Revocation revocation) {
        List<String> names = List.of(properties.inboundBundle(), properties.outboundBundle(),
                properties.signingBundle());
        Map<String, KeyStore> trustStores = new LinkedHashMap<>();
        for (String name : names) {
            try {
                KeyStore store = bundles.getBundle(name).getStores().getTrustStore();
                if (store != null) {
                    trustStores.put(name, store);
                }
            } catch (NoSuchSslBundleException e) {
                // a missing bundle stops the start elsewhere, with its own message
            }
        }
        List<String> problems = ProductionReadiness.problems(environment, names, trustStores, revocation);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("GW-6200 the production profile refuses to start on development"
                    + " defaults:\n - " + String.join("\n - ", problems));
        }
        log.info("production profile: no development defaults found");
        return new ProductionChecked();
    }
}
