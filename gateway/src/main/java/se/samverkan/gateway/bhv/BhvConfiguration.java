package se.samverkan.gateway.bhv;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.batch.BatchReportWriter;
import se.samverkan.gateway.batch.StageClock;
import se.samverkan.gateway.batch.TransferLedger;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.identity.Pseudonymizer;
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
    BhvBatchService bhvBatchService(BhvBatchReader reader, TransferLedger ledger, BatchReportWriter reports,
                                    BatchProperties properties, Clock clock, AuditTrail audit) {
        return new BhvBatchService(reader, ledger, reports, properties, clock, audit);
    }

    @Bean
    BhvRoutes bhvRoutes(BhvBatchService batches, TransferService transfers, BatchProperties properties,
                        PayloadSigner signer, StageClock stages) {
        return new BhvRoutes(batches, transfers, properties, signer, stages);
    }
}
