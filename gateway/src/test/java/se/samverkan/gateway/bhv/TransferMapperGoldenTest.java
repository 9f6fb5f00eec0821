package se.samverkan.gateway.bhv;

import se.samverkan.gateway.fhir.Systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import se.samverkan.gateway.mapping.DataCategoryTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.mapping.VaccineCodes;
import se.samverkan.gateway.validation.ProfileValidator;

/**
 * Golden files: fixtures/bhv/mapping/CASE/input.xml maps to expected.json, compared as JSON trees.
 * Run with -Dgolden.update=true to rewrite the expected files after a deliberate change (then review
 * the diff before committing it).
 */
class TransferMapperGoldenTest {

    static final Path CASES = Path.of("src/test/resources/fixtures/bhv/mapping");
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final BhvBatchReader READER = new BhvBatchReader();
    static final TransferMapper MAPPER = new TransferMapper(new VaccineCodes());
    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ObjectMapper JSON = new ObjectMapper();
    static final ProfileValidator PROFILES = new ProfileValidator(FHIR, "classpath*:profiles/*.json");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    static Bundle map(Path input) throws Exception {
        READER.validate(input);
        try (BhvBatch batch = READER.open(input)) {
            BhvRecord record = batch.records().next();
            String id = record.child().getPersonalIdentityNumber();
            TransferContext ctx = new TransferContext(batch.header(), record, PersonalIdentityNumber.parse(id),
                    TransferContext.deliveryId(batch.header(), id, record.child().getSchoolStart().getSchoolUnit()),
                    NOW);
            return MAPPER.bundle(ctx, MAPPER.clinical(ctx));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsTheRecordToTheGoldenBundle(String name) throws Exception {
        Path dir = CASES.resolve(name);
        String actual = FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(map(dir.resolve("input.xml")));
        Path expected = dir.resolve("expected.json");
        if (Boolean.getBoolean("golden.update") || !Files.exists(expected)) {
            Files.writeString(expected, actual + "\n");
            fail("golden file written for " + name + ": review it, then run again");
        }
        JsonNode want = JSON.readTree(Files.readString(expected));
        JsonNode got = JSON.readTree(actual);
        assertThat(got).as("Bundle mapped from %s/input.xml", name).isEqualTo(want);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mappedBundleConformsToThePublishedProfiles(String name) throws Exception {
        assertThat(PROFILES.errors(map(CASES.resolve(name).resolve("input.xml")))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyClinicalResourceBelongsToADataCategorySoItCanBeStripped(String name) throws Exception {
        DataCategoryTable table = new DataCategoryTable();
        Bundle bundle = map(CASES.resolve(name).resolve("input.xml"));
        assertThat(bundle.getEntry()).map(Bundle.BundleEntryComponent::getResource)
                .filteredOn(r -> r instanceof Observation || r instanceof Immunization || r instanceof DocumentReference)
                .allSatisfy(r -> assertThat(table.categoryOf(r)).as(r.fhirType() + " category").isPresent());
        assertThat(bundle.getEntry()).map(Bundle.BundleEntryComponent::getResource)
                .filteredOn(r -> r instanceof Patient || r instanceof Consent || r instanceof Provenance)
                .allSatisfy(r -> assertThat(table.categoryOf(r)).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mappingTwiceGivesTheSameBundle(String name) throws Exception {
        Path input = CASES.resolve(name).resolve("input.xml");
        assertThat(FHIR.newJsonParser().encodeResourceToString(map(input)))
                .isEqualTo(FHIR.newJsonParser().encodeResourceToString(map(input)));
    }

    @org.junit.jupiter.api.Test
    void case12_theConsentsTheGatewayWritesMeetIhePcfBasic() throws Exception {
        java.util.List<org.hl7.fhir.r4.model.Consent> consents = map(CASES.resolve("full-record").resolve("input.xml"))
                .getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(org.hl7.fhir.r4.model.Consent.class::isInstance)
                .map(org.hl7.fhir.r4.model.Consent.class::cast).toList();

        assertThat(consents).isNotEmpty().allSatisfy(consent -> {
            assertThat(consent.getSourceReference().getType()).as("source[x]: the exported form")
                    .isEqualTo("DocumentReference");
            assertThat(consent.getSourceReference().getIdentifier().getSystem()).isEqualTo(Systems.RECORD_ID);
            assertThat(consent.getPolicyFirstRep().getUri()).as("policy.uri").isEqualTo(Systems.CONSENT_POLICY);
        });
    }
}
