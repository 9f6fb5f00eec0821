package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import se.samverkan.gateway.access.FhirAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import se.samverkan.gateway.validation.ProfileValidator;
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

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAXIMUM_PAGE_SIZE = 100;

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(List<IResourceProvider> resources,
                                                       ObjectProvider<FhirOperation> operations,
                                                       ProfileValidator validator, FhirAccess access) {
        // its own context: an unknown code must reach our checks (and become a 422 naming the element)
        // instead of failing the parse with a 400, without loosening parsing anywhere else
        FhirContext serverContext = FhirContext.forR4();
        serverContext.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
        RestfulServer server = new RestfulServer(serverContext);
        server.setServerName("Samverkan Gateway");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        List<IResourceProvider> all = new ArrayList<>(resources);
        // every other profiled type can at least be validated ($validate)
        Set<String> served = resources.stream().map(r -> serverContext.getResourceType(r.getResourceType()))
                .collect(Collectors.toSet());
        validator.profiledTypes().stream().filter(type -> !served.contains(type))
                .forEach(type -> all.add(new ValidateOnlyProvider(type, serverContext, validator)));
        server.setResourceProviders(all);
        server.registerInterceptor(new CapabilityProfiles(validator));
        access.interceptors().forEach(server::registerInterceptor);
        // every search answers in pages: the first page at once, the rest through _getpages, none larger than 100
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(200);
        paging.setDefaultPageSize(DEFAULT_PAGE_SIZE);
        paging.setMaximumPageSize(MAXIMUM_PAGE_SIZE);
        server.setPagingProvider(paging);
        server.registerProviders(operations.orderedStream().map(Object.class::cast).toList());
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
