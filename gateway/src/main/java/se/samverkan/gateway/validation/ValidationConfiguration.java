package se.samverkan.gateway.validation;

import ca.uhn.fhir.context.FhirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One validator for the application, built from the profiles in the jar and warmed before it is used. */
@Configuration(proxyBeanMethods = false)
class ValidationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ValidationConfiguration.class);

    @Bean
    ProfileValidator profileValidator(FhirContext fhir,
            @Value("${gateway.validation.mode:profiles}") ProfileValidator.Mode mode) {
        long start = System.nanoTime();
        ProfileValidator validator = new ProfileValidator(fhir, "classpath*:profiles/*.json");
        if (mode != ProfileValidator.Mode.PROFILES) {
            log.warn("gateway.validation.mode={}: a benchmark baseline, not for production", mode);
            validator.mode(mode);
        }
        validator.warmUp();
        log.info("FHIR validation ready: {} profiles, warmed in {} ms", validator.profiles().size(),
                (System.nanoTime() - start) / 1_000_000);
        return validator;
    }
}
