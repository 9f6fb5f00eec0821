package se.samverkan.gateway.bhv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.samverkan.gateway.mapping.VaccineCodes;

/**
 * Values the schema allows but no real record has, and the mapping cannot carry: refused per record with
 * GW-1104 naming the field, so the rest of the batch goes on (a dose number of 23 digits used to throw in
 * the mapper, which cost the record its result and the batch its report).
 */
class RecordCheckTest {

    static final Path FULL_RECORD = Path.of("src/test/resources/fixtures/bhv/mapping/full-record/input.xml");
    static final RecordCheck CHECK = new RecordCheck(new VaccineCodes());

    @TempDir
    Path dir;

    @Test
    void theSampleAndTheGoldenRecordsHaveNoImplausibleValue() throws Exception {
        List<BhvRecord> records = read(Path.of("../mappings/samples/bhv-batch-small.xml"));
        records.addAll(read(FULL_RECORD));

        assertThat(records).hasSize(12).extracting(r -> CHECK.problem(r.child()).map(RecordCheck.Problem::code)
                .orElse("none")).doesNotContain("GW-1104");
    }

    @ParameterizedTest(name = "{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            // in the golden record: what is replaced, which occurrence, by what; the field named; the reason
            "<doseNumber>1</doseNumber>|2|<doseNumber>99999999999999999999999</doseNumber>|immunization[2]/doseNumber"
                    + "|dose number over 99",
            "<doseNumber>1</doseNumber>|2|<doseNumber>100</doseNumber>|immunization[2]/doseNumber|dose number over 99",
            "<startDate>2027-08-17</startDate>|1|<startDate>20270-08-17</startDate>|schoolStart/startDate"
                    + "|a date outside the years 1900-2199",
            "<startDate>2027-08-17</startDate>|1|<startDate>-2027-08-17</startDate>|schoolStart/startDate"
                    + "|a date outside the years 1900-2199",
            "<date>2026-05-10</date>|1|<date>1899-12-31</date>|consent[1]/date|a date outside the years 1900-2199",
            "<validUntil>2027-12-31</validUntil>|1|<validUntil>2200-01-01</validUntil>|consent[1]/validUntil"
                    + "|a date outside the years 1900-2199",
            "<date>2021-05-04</date>|1|<date>999999999-05-04</date>|immunization[1]/date"
                    + "|a date outside the years 1900-2199"})
    void aValueTheSchemaAllowsButNoRecordHasIsRefusedNamingTheField(String original, int occurrence, String replacement,
                                                                    String field, String reason) throws Exception {
        Path file = dir.resolve("record.xml");
        Files.writeString(file, replaceNth(Files.readString(FULL_RECORD), original, replacement, occurrence));

        RecordCheck.Problem problem = CHECK.problem(read(file).get(0).child()).orElseThrow();

        assertThat(problem.code()).isEqualTo("GW-1104");
        assertThat(problem.message()).isEqualTo(field + ": " + reason);
    }

    private static String replaceNth(String text, String what, String with, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = text.indexOf(what, at + 1);
        }
        assertThat(at).as("%s in the golden record", what).isNotNegative();
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    private static List<BhvRecord> read(Path file) throws Exception {
        BhvBatchReader reader = new BhvBatchReader();
        reader.validate(file);
        List<BhvRecord> records = new ArrayList<>();
        try (BhvBatch batch = reader.open(file)) {
            batch.records().forEachRemaining(records::add);
        }
        return records;
    }

    @Test
    void case10_aConsentValidUntilBeforeItsDateIsRefusedNamingTheFieldNotStoredBreakingPer1() throws Exception {
        Path file = dir.resolve("record.xml");
        Files.writeString(file, replaceNth(Files.readString(FULL_RECORD), "<validUntil>2027-12-31</validUntil>",
                "<validUntil>2026-05-09</validUntil>", 1));

        RecordCheck.Problem problem = CHECK.problem(read(file).get(0).child()).orElseThrow();

        assertThat(problem.code()).isEqualTo("GW-1112");
        assertThat(problem.field()).isEqualTo("consent[1]/validUntil");
        assertThat(problem.reason()).contains("consent[1]/date");
        Files.writeString(file, replaceNth(Files.readString(FULL_RECORD), "<validUntil>2027-12-31</validUntil>",
                "<validUntil>2026-05-10</validUntil>", 1));
        assertThat(CHECK.problem(read(file).get(0).child())).as("valid until the day it was given: that whole day")
                .isEmpty();
    }
}
