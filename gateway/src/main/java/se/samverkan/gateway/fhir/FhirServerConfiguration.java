package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR face at /fhir: HAPI's RestfulServer as a servlet, loaded at start-up so a broken set-up
 * fails the start rather than the first request. The CapabilityStatement is at /fhir/metadata.
 */
@Configuration(proxyBeanMethods = false)
class FhirServerConfiguration {

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(List<IResourceProvider> resources,
                                                       ObjectProvider<FhirOperation> operations) {
        // its own context: an unknown code must reach our checks (and become a 422 naming the element)
        // instead of failing the parse with a 400, without loosening parsing anywhere else
        FhirContext serverContext = FhirContext.forR4();
        serverContext.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
        RestfulServer server = new RestfulServer(serverContext);
        server.setServerName("Samverkan Gateway");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setResourceProviders(List.copyOf(resources));
        server.registerProviders(operations.orderedStream().map(Object.class::cast).toList());
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
