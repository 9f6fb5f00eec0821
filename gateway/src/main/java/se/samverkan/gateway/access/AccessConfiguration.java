package se.samverkan.gateway.access;

import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.samverkan.gateway.audit.AuditTrail;

/** The FHIR face's access interceptors, built once: the FHIR server registers them all. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    FhirAccess fhirAccess(AccessPolicy policy, AuditTrail audit) {
        return new FhirAccess(List.of(new ConsentInterceptor(new RegistryVisibility(policy, audit)),
                new AccessRules(policy), new AccessAudit(audit)));
    }
}
