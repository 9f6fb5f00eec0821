package se.samverkan.gateway.bhv;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.samverkan.gateway.GatewayInstance;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.batch.BatchReportWriter;
import se.samverkan.gateway.batch.BatchRuns;
import se.samverkan.gateway.batch.DatabaseWait;
import se.samverkan.gateway.batch.Stopping;
import se.samverkan.gateway.batch.StageClock;
import se.samverkan.gateway.batch.TransferLedger;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.identity.Pseudonymizer;
import se.samverkan.gateway.instances.Heartbeat;
import se.samverkan.gateway.mapping.DataCategoryTable;
import se.samverkan.gateway.mapping.VaccineCodes;
import se.samverkan.gateway.registry.RegistryWriter;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.security.signature.PayloadSigner;
import se.samverkan.gateway.validation.ProfileValidator;

/** Wires flow F1: the reader, the mapper, the transfer service and their routes. */
@Configuration(proxyBeanMethods = false)
class BhvConfiguration {

    @Bean
    BhvBatchReader bhvBatchReader() {
        return new BhvBatchReader();
    }

    @Bean
    TransferMapper transferMapper(VaccineCodes vaccines) {
        return new TransferMapper(vaccines);
    }

    @Bean
    TransferService transferService(VaccineCodes vaccines, TransferMapper mapper, DataCategoryTable categories,
                                    ConsentGate gate, ParticipantRegistry registry, TransferLedger ledger,
                                    Pseudonymizer pseudonyms, Clock clock, FhirContext fhir,
                                    RegistryWriter registryWriter, ProfileValidator validator, StageClock stages) {
        return new TransferService(new RecordCheck(vaccines), mapper, categories, gate, registry, ledger, pseudonyms,
                clock, fhir, new BatchConsentImport(registryWriter), validator, stages);
    }

    @Bean
    BhvBatchService bhvBatchService(BhvBatchReader reader, TransferService transfers, TransferLedger ledger,
                                    BatchRuns runs, Outbox outbox, PayloadSigner signer, BatchReportWriter reports,
                                    BatchProperties properties, GatewayInstance instance, Clock clock,
                                    StageClock stages, Stopping stopping, Heartbeat heartbeat) {
        return new BhvBatchService(reader, transfers, ledger, runs, outbox, signer, reports, properties, instance,
                clock, stages, stopping, heartbeat);
    }

    @Bean
    BhvRoutes bhvRoutes(BhvBatchService batches, BatchProperties properties, DatabaseWait database) {
        return new BhvRoutes(batches, properties, database);
    }

    /** Before the inbox is watched, files a stopped gateway was reading go back into it. */
    @Bean
    CamelContextConfiguration inboxRecovery(BatchProperties properties, BhvBatchService batches) {
        return Inboxes.recoveredAtStart(properties.inbox(), properties.watch(), batches::readElsewhere);
    }
}
