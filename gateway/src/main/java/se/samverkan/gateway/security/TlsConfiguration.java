package se.samverkan.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
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

/**
 * Mutual TLS in both directions. Inbound: Spring Boot's {@code server.ssl} (the {@code gateway-server} SSL
 * bundle) with {@code client-auth: need}, plus the CRLs Spring Boot has no property for; the start fails on
 * a TLS connector that does not require client certificates, and on plain HTTP anywhere but loopback.
 * Outbound: the https component of Camel presents the {@code gateway-client} bundle's certificate and
 * trusts only that bundle's trust store, with the same CRLs, and keeps its connections for the next delivery.
 * The CRLs are those of the moment ({@link Revocation}): a new set reaches Tomcat (its SSL host configs are
 * reloaded), the outbound trust and the signature verifier without a restart.
 */
@Configuration(proxyBeanMethods = false)
class TlsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TlsConfiguration.class);

    @Bean
    Revocation revocation(SecurityProperties properties, Clock clock) {
        return new Revocation(properties.crls(), clock, properties.crlWarning());
    }

    /**
     * The gateway's folders owner-only ({@link OwnerOnlyFolders}) before any bean is made: the database is opened,
     * and the batch routes write, only after.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanFactoryPostProcessor ownerOnlyFolders() {
        return factory -> OwnerOnlyFolders.secure(OwnerOnlyFolders.of(factory.getBean(
                org.springframework.core.env.Environment.class)));
    }

    /** The identity-number rule on the FHIR face's error answers ({@link AnswerRedaction}). */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor fhirAnswerRedaction() {
        return AnswerRedaction.registrar();
    }

    @Bean
    RevocationWatch revocationWatch(Revocation revocation, SecurityProperties properties) {
        return new RevocationWatch(revocation, properties.crlRefresh());
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> mutualTlsServer(Revocation revocation) {
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
                if (revocation.current().isEmpty()) {
                    log.warn("GW-6204 no CRLs (gateway.security.crls): revoked client certificates are accepted;"
                            + " CRLs added later need a restart");
                    return;
                }
                Path file = crlFile(revocation.current());
                List<Connector> connectors = new CopyOnWriteArrayList<>();
                factory.addConnectorCustomizers(connector -> {
                    for (SSLHostConfig host : connector.findSslHostConfigs()) {
                        host.setCertificateRevocationListFile(file.toString());
                    }
                    connectors.add(connector);
                });
                revocation.onChange(crls -> reload(connectors, crls, file));
            }

            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE;
            }
        };
    }

    /** Tomcat reads its CRL file when it builds a host's SSL context: write it anew, then rebuild. */
    private static void reload(List<Connector> connectors, Crls crls, Path file) {
        try {
            Path next = Files.createTempFile(file.getParent(), "gateway-crls", ".pem");
            crls.writePem(next);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("GW-6201 the new CRLs cannot be handed to Tomcat: {}", e.getMessage());
            return;
        }
        for (Connector connector : connectors) {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
                protocol.reloadSslHostConfigs();
            }
        }
    }

    @Bean
    FilterRegistrationBean<ParticipantFilter> participantFilter(ParticipantRegistry registry,
            CurrentVerifier verifier, SecurityProperties properties) {
        FilterRegistrationBean<ParticipantFilter> registration = new FilterRegistrationBean<>(
                new ParticipantFilter(registry, verifier, properties.maxRequestSize().toBytes(), properties.operators(),
                        properties.maxElementSize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * The https component (deliveries) with the gateway's client certificate and the trust of its bundle, and
     * a bound on what it reads of an answer (both the http and https components).
     */
    @Bean
    CamelContextConfiguration outboundTls(SslBundles bundles, SecurityProperties properties, Revocation revocation) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                long maxResponse = properties.maxResponseSize().toBytes();
                for (String scheme : new String[] {"http", "https"}) {
                    BoundedAnswers.install(context.getComponent(scheme, HttpComponent.class), maxResponse);
                }
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
                https.setSslContextParameters(parameters(bundle, revocation));
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    /** HAPI's client for participants' FHIR servers, with the same identity and trust as the deliveries. */
    @Bean
    OutboundFhirClients outboundFhirClients(SslBundles bundles, SecurityProperties properties, Revocation revocation) {
        SslBundle bundle = bundles.getBundle(properties.outboundBundle());
        return new OutboundFhirClients(bundle, trust(bundle, revocation));
    }

    static SSLContextParameters parameters(SslBundle bundle, Revocation revocation) {
        KeyStoreParameters keyStore = new KeyStoreParameters();
        keyStore.setKeyStore(bundle.getStores().getKeyStore());
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(keyStore);
        keys.setKeyPassword(new String(KeyPasswords.of(bundle)));
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setTrustManager(trust(bundle, revocation));
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setKeyManagers(keys);
        parameters.setTrustManagers(trust);
        return parameters;
    }

    private static X509ExtendedTrustManager trust(SslBundle bundle, Revocation revocation) {
        return new ReloadingTrustManager(bundle.getStores().getTrustStore(), revocation);
    }

    private static void requireLoopback(InetAddress address) {
        if (address == null || !address.isLoopbackAddress()) {
            throw new IllegalStateException("Plain HTTP is allowed on the loopback interface only (server.address:"
                    + " 127.0.0.1); elsewhere configure server.ssl with client-auth 'need' (see README)");
        }
    }

    private static Path crlFile(Crls crls) {
        try {
            Path directory = Files.createTempDirectory("gateway-crls");
            directory.toFile().deleteOnExit();
            Path file = directory.resolve("crls.pem");
            crls.writePem(file);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
