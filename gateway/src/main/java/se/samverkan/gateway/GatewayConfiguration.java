package se.samverkan.gateway;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.samverkan.gateway.batch.BatchReportWriter;
import se.samverkan.gateway.batch.StageClock;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.audit.AuditedConsentGate;
import se.samverkan.gateway.consent.ConsentRegistry;
import se.samverkan.gateway.consent.FlowCatalogue;
import se.samverkan.gateway.consent.FlowProperties;
import se.samverkan.gateway.consent.PolicyDecisionPoint;
import se.samverkan.gateway.identity.Pseudonymizer;
import se.samverkan.gateway.mapping.DataCategoryTable;
import se.samverkan.gateway.mapping.VaccineCodes;

/** Beans every feature shares: the clock, FHIR context, code tables, pseudonyms, the consent gate. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);
    static final String DEV_PSEUDONYM_KEY = "development-only-pseudonym-key";

    @Bean
    Clock clock() {
        return Clock.system(ZoneId.of("Europe/Stockholm"));
    }

    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    @Bean
    VaccineCodes vaccineCodes() {
        return new VaccineCodes();
    }

    @Bean
    DataCategoryTable dataCategoryTable() {
        return new DataCategoryTable();
    }

    @Bean
    BatchReportWriter batchReportWriter() {
        return new BatchReportWriter();
    }

    /** The policy decision point over the consent registry; every decision is audited (C13). */
    @Bean
    StageClock stageClock() {
        return new StageClock();
    }

    @Bean
    FlowCatalogue flowCatalogue(FlowProperties flows) {
        return FlowCatalogue.of(flows);
    }

    @Bean
    ConsentGate consentGate(FlowCatalogue flows, ConsentRegistry registry, DataCategoryTable categories,
                            se.samverkan.gateway.routing.ParticipantRegistry participants, AuditTrail audit) {
        return new AuditedConsentGate(new PolicyDecisionPoint(flows, registry, categories, participants), audit);
    }

    @Bean
    GatewayInstance gatewayInstance(@Value("${gateway.instance:}") String name,
                                    @Value("${gateway.command:}") String command) {
        GatewayInstance instance = GatewayInstance.of(name, command);
        log.info("gateway instance {}", instance.name());
        return instance;
    }

    @Bean
    Pseudonymizer pseudonymizer(@Value("${gateway.privacy.pseudonym-key}") String key) {
        if (DEV_PSEUDONYM_KEY.equals(key)) {
            log.warn("gateway.privacy.pseudonym-key is the development default: set a secret key in production");
        }
        return new Pseudonymizer(key);
    }
}
