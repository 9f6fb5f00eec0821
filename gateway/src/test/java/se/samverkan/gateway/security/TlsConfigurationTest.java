package se.samverkan.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;

/** The start refuses set-ups that would let anyone without a certificate in. */
class TlsConfigurationTest {

    private static final Revocation NO_CRLS = new Revocation(List.of(), java.time.Clock.systemUTC(),
            java.time.Duration.ofDays(1));
    private final TlsConfiguration configuration = new TlsConfiguration();

    private void customize(TomcatServletWebServerFactory factory) {
        configuration.mutualTlsServer(NO_CRLS).customize(factory);
    }

    @Test
    void plainHttpOnAnyInterfaceButLoopbackStopsTheStart() throws Exception {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        factory.setAddress(InetAddress.getByName("0.0.0.0"));

        assertThatThrownBy(() -> customize(factory)).hasMessageContaining("loopback");
    }

    @Test
    void plainHttpWithoutAnAddressListensEverywhereAndStopsTheStart() {
        assertThatThrownBy(() -> customize(new TomcatServletWebServerFactory())).hasMessageContaining("loopback");
    }

    @Test
    void plainHttpOnLoopbackIsTheQuickStartAndStarts() throws Exception {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        factory.setAddress(InetAddress.getByName("127.0.0.1"));

        assertThatCode(() -> customize(factory)).doesNotThrowAnyException();
    }

    @Test
    void tlsThatOnlyWantsAClientCertificateStopsTheStart() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        Ssl ssl = new Ssl();
        ssl.setBundle("gateway-server");
        ssl.setClientAuth(Ssl.ClientAuth.WANT);
        factory.setSsl(ssl);

        assertThatThrownBy(() -> customize(factory)).hasMessageContaining("client-auth must be 'need'");
    }

    @Test
    void camelHeadersInARecipientsResponseDoNotReachTheExchange() throws Exception {
        // the https component's header filter: a recipient cannot steer a route by answering with Camel* headers
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            HeaderFilterStrategy filter = context.getEndpoint("https://localhost/emi/fhir", HttpEndpoint.class)
                    .getHeaderFilterStrategy();
            Exchange exchange = new DefaultExchange(context);

            for (String header : List.of("CamelExecCommandExecutable", "CamelFileName", "camelhttpuri")) {
                assertThat(filter.applyFilterToExternalHeaders(header, "/bin/sh", exchange)).as(header).isTrue();
                assertThat(filter.applyFilterToCamelHeaders(header, "/bin/sh", exchange)).as(header).isTrue();
            }
        }
    }

    @Test
    void deliveriesKeepTheirConnectionsThoughTheyPresentAClientCertificate() throws Exception {
        // without this, HttpClient ties each connection to the certificate's principal and never lends it again:
        // a full TLS handshake for every delivery
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            SecurityProperties properties = SecurityProperties.defaults(List.of());
            configuration.outboundTls(new DefaultSslBundleRegistry(), properties, NO_CRLS)
                    .beforeApplicationStart(context);

            assertThat(context.getComponent("https", HttpComponent.class).isConnectionStateDisabled()).isTrue();
        }
    }
}
