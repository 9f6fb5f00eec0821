package se.samverkan.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.security.signature.PayloadVerifier;

/**
 * Mutual TLS in both directions. Inbound: Spring Boot's {@code server.ssl} (the {@code gateway-server} SSL
 * bundle) with {@code client-auth: need}, plus the CRLs Spring Boot has no property for; the start fails on
 * a TLS connector that does not require client certificates, and on plain HTTP anywhere but loopback.
 * Outbound: the https component of Camel presents the {@code gateway-client} bundle's certificate and
 * trusts only that bundle's trust store, with the same CRLs, and keeps its connections for the next delivery.
 */
@Configuration(proxyBeanMethods = false)
class TlsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TlsConfiguration.class);

    @Bean
    Crls crls(SecurityProperties properties) {
        return Crls.read(properties.crls());
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> mutualTlsServer(Crls crls) {
        // after Spring Boot's own customizers, which apply server.ssl and server.address
        abstract class Last implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        }
        return new Last() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                if (!Ssl.isEnabled(factory.getSsl())) {
                    requireLoopback(factory.getAddress());
                    return;
                }
                if (factory.getSsl().getClientAuth() != Ssl.ClientAuth.NEED) {
                    throw new IllegalStateException("server.ssl.client-auth must be 'need': only participants with"
                            + " a certificate may call the gateway");
                }
                if (!crls.isEmpty()) {
                    String file = crlFile(crls).toString();
                    factory.addConnectorCustomizers(connector -> {
                        for (SSLHostConfig host : connector.findSslHostConfigs()) {
                            host.setCertificateRevocationListFile(file);
                        }
                    });
                }
            }

            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE;
            }
        };
    }

    @Bean
    FilterRegistrationBean<ParticipantFilter> participantFilter(ParticipantRegistry registry, PayloadVerifier verifier,
            SecurityProperties properties) {
        FilterRegistrationBean<ParticipantFilter> registration = new FilterRegistrationBean<>(
                new ParticipantFilter(registry, verifier, properties.maxRequestSize().toBytes(), properties.operators()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** The https component (deliveries) with the gateway's client certificate and the trust of its bundle. */
    @Bean
    CamelContextConfiguration outboundTls(SslBundles bundles, SecurityProperties properties, Crls crls) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                HttpComponent https = context.getComponent("https", HttpComponent.class);
                // HttpClient ties a connection made with a client certificate to that certificate's principal
                // and lends it again only to a request that names the same principal, which Camel's requests
                // never do: every delivery paid a full handshake. The client has one identity, so no state.
                https.setConnectionStateDisabled(true);
                SslBundle bundle;
                try {
                    bundle = bundles.getBundle(properties.outboundBundle());
                } catch (NoSuchSslBundleException e) {
                    log.warn("No SSL bundle '{}': deliveries over https use the JDK's default trust and present no"
                            + " client certificate", properties.outboundBundle());
                    return;
                }
                https.setSslContextParameters(parameters(bundle, crls));
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    /** HAPI's client for participants' FHIR servers, with the same identity and trust as the deliveries. */
    @Bean
    OutboundFhirClients outboundFhirClients(SslBundles bundles, SecurityProperties properties, Crls crls) {
        return new OutboundFhirClients(bundles.getBundle(properties.outboundBundle()), crls);
    }

    static SSLContextParameters parameters(SslBundle bundle, Crls crls) {
        KeyStoreParameters keyStore = new KeyStoreParameters();
        keyStore.setKeyStore(bundle.getStores().getKeyStore());
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(keyStore);
        keys.setKeyPassword(new String(KeyPasswords.of(bundle)));
        TrustManagersParameters trust = new TrustManagersParameters();
        try {
            trust.setTrustManager(crls.trustManagers(bundle.getStores().getTrustStore()).getTrustManagers()[0]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the outbound trust store cannot be used: " + e.getMessage(), e);
        }
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setKeyManagers(keys);
        parameters.setTrustManagers(trust);
        return parameters;
    }

    private static void requireLoopback(InetAddress address) {
        if (address == null || !address.isLoopbackAddress()) {
            throw new IllegalStateException("Plain HTTP is allowed on the loopback interface only (server.address:"
                    + " 127.0.0.1); elsewhere configure server.ssl with client-auth 'need' (see README)");
        }
    }

    private static Path crlFile(Crls crls) {
        try {
            Path file = Files.createTempFile("gateway-crls", ".pem");
            file.toFile().deleteOnExit();
            return crls.writePem(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
