package se.samverkan.gateway.bhv;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.batch.StageClock;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.TransferLedger;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.consent.Decision;
import se.samverkan.gateway.identity.Pseudonymizer;
import se.samverkan.gateway.mapping.DataCategoryTable;
import se.samverkan.gateway.mapping.VaccineCodes;
import se.samverkan.gateway.registry.RegistryWriter;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.routing.RoutingProperties;
import se.samverkan.gateway.support.Databases;
import se.samverkan.gateway.validation.ProfileValidator;

/**
 * Profile validation sits between mapping and delivery: a Bundle that breaks a profile is refused with
 * the validator's message and never handed to the delivery step. The consent decision is not what this
 * test is about, so it uses a gate that permits everything the flow carries.
 */
class TransferValidationTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ProfileValidator VALIDATOR = new ProfileValidator(FHIR, "classpath*:profiles/*.json");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneId.of("Europe/Stockholm"));
    static final ConsentGate PERMIT_ALL = request -> new Decision(true, Set.copyOf(request.requested()),
            List.of("C2", "C4"), List.of(), java.util.Optional.empty(), Set.of(), "GW-2100", "test permit");

    /** A mapper with one deliberate fault: the ATC coding of every Immunization is lost. */
    static final class DropsAtcCodes extends TransferMapper {
        DropsAtcCodes() {
            super(new VaccineCodes());
        }

        @Override
        public Bundle bundle(TransferContext ctx, List<RelatedPerson> guardians, List<Consent> consents,
                             List<Resource> clinical) {
            Bundle bundle = super.bundle(ctx, guardians, consents, clinical);
            bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(Immunization.class::isInstance)
                    .forEach(r -> ((Immunization) r).getVaccineCode().getCoding()
                            .removeIf(c -> c.getSystem().equals("http://www.whocc.no/atc")));
            return bundle;
        }
    }

    static TransferService service(TransferMapper mapper) {
        JdbcClient jdbc = JdbcClient.create(Databases.h2("transfer-validation"));
        ResourceStore store = new ResourceStore(jdbc, FHIR, CLOCK);
        ParticipantRegistry registry = new ParticipantRegistry(new RoutingProperties(
                Map.of("10000001", new RoutingProperties.School("test", "mock:emi")), Map.of()));
        return new TransferService(new RecordCheck(new VaccineCodes()), mapper, new DataCategoryTable(), PERMIT_ALL,
                registry, new TransferLedger(jdbc, CLOCK), new Pseudonymizer("a-test-key-of-16+chars"), CLOCK, FHIR,
                new BatchConsentImport(new RegistryWriter(store, FHIR)), VALIDATOR, new StageClock());
    }

    static TransferWork prepare(TransferMapper mapper) throws Exception {
        Path input = Path.of("src/test/resources/fixtures/bhv/mapping/full-record/input.xml");
        BhvBatchReader reader = new BhvBatchReader();
        try (BhvBatch batch = reader.open(input)) {
            return service(mapper).prepare(batch.header(), batch.records().next());
        }
    }

    @Test
    void aValidBundleGoesOnToDelivery() throws Exception {
        TransferWork work = prepare(new TransferMapper(new VaccineCodes()));
        assertThat(work.deliverable()).as(String.valueOf(work.result())).isTrue();
    }

    @Test
    void aBrokenMappingIsRefusedWithTheValidatorsMessageAndNeverDelivered() throws Exception {
        TransferWork work = prepare(new DropsAtcCodes());

        assertThat(work.deliverable()).isFalse();
        assertThat(work.result().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(work.result().code()).isEqualTo("GW-5001");
        assertThat(work.result().reason()).contains("Immunization");
        assertThat(work.payload()).isNull();
    }
}
