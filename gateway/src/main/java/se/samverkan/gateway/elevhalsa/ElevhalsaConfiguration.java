package se.samverkan.gateway.elevhalsa;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.cooperation.CooperationService;
import se.samverkan.gateway.cooperation.SubmissionReader;
import se.samverkan.gateway.registry.RegistryWriter;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.routing.ParticipantRegistry;

/** Wires the elevhälsa export (flows F2-F7 as batches): reader, mapper, service and routes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ElevhalsaProperties.class)
class ElevhalsaConfiguration {

    @Bean
    ElevhalsaBatchService elevhalsaBatchService(ParticipantRegistry participants, SubmissionReader submissions,
                                                CooperationService cooperation, RegistryWriter registry,
                                                ResourceStore store, ApplicationEventPublisher events,
                                                PlatformTransactionManager transactions, FhirContext fhir,
                                                Clock clock) {
        return new ElevhalsaBatchService(participants, new ElevhalsaReader(), new ElevhalsaMapper(), submissions,
                cooperation, registry, store, events, new TransactionTemplate(transactions), fhir, clock);
    }

    /** Before the inbox is watched, files a stopped gateway was reading go back into it. */
    @Bean
    org.apache.camel.spring.boot.CamelContextConfiguration elevhalsaInboxRecovery(ElevhalsaProperties folders,
                                                                                BatchProperties schedule) {
        return se.samverkan.gateway.bhv.Inboxes.recoveredAtStart(folders.inbox(), schedule.watch());
    }

    @Bean
    ElevhalsaOneShot elevhalsaOneShot(org.apache.camel.ProducerTemplate template,
                                      org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        return new ElevhalsaOneShot(template, jdbc);
    }

    @Bean
    ElevhalsaPreload elevhalsaPreload(ElevhalsaProperties folders, BatchProperties schedule) {
        return new ElevhalsaPreload(folders, schedule);
    }

    @Bean
    ElevhalsaRoutes elevhalsaRoutes(ElevhalsaBatchService service, ElevhalsaProperties folders,
                                    BatchProperties schedule, se.samverkan.gateway.batch.DatabaseWait database,
                                    se.samverkan.gateway.batch.Stopping stopping) {
        return new ElevhalsaRoutes(service, folders, schedule, database, stopping);
    }
}
