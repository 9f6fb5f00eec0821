package se.samverkan.gateway.elevhalsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.bhv.BatchRejectedException;
import se.samverkan.gateway.elevhalsa.xml.Consultation;

class ElevhalsaReaderTest {

    static final Path SAMPLE = Path.of("../mappings/samples/elevhalsa-batch-small.xml");
    static final ElevhalsaReader READER = new ElevhalsaReader();

    @TempDir
    Path dir;

    static List<ElevhalsaRecord> records(ElevhalsaReader reader, Path file) throws Exception {
        reader.validate(file);
        List<ElevhalsaRecord> records = new ArrayList<>();
        try (ElevhalsaBatch batch = reader.open(file)) {
            batch.records().forEachRemaining(records::add);
        }
        return records;
    }

    @Test
    void readsTheSampleRecordByRecordWithKindPositionAndLine() throws Exception {
        List<ElevhalsaRecord> records = records(READER, SAMPLE);
        assertThat(records).extracting(ElevhalsaRecord::recordId).containsExactly(
                "S-2001", "S-2002", "S-2003", "S-2004", "S-2005", "S-2006", "R-2001", "R-2002",
                "I-2301", "I-2302", "I-2303", "A-2501", "A-2502", "K-2601", "K-2602", "P-2701-v1");
        assertThat(records).extracting(ElevhalsaRecord::flow).containsExactly(
                "F2", "F3", "F4", "F4", "F6", "F7", "F2", "F2", "F4", "F4", "F4", "F5", "F5", "F6", "F6", "F7");
        assertThat(records).extracting(ElevhalsaRecord::position).startsWith(1, 2, 3).endsWith(16);
        assertThat(records).extracting(ElevhalsaRecord::repeatOfLine).containsOnly(0);
        List<String> lines = Files.readAllLines(SAMPLE);
        assertThat(records).allSatisfy(r ->
                assertThat(lines.get(r.line() - 1)).contains("recordId=\"" + r.recordId() + "\""));
        assertThat(((Consultation) records.get(14).content()).isAnonymous()).isTrue();
        assertThat(((Consultation) records.get(13).content()).isAnonymous()).isFalse();
    }

    @Test
    void everyRecordOfTheSampleMaps() throws Exception {
        ElevhalsaMapper mapper = new ElevhalsaMapper();
        READER.validate(SAMPLE);
        int resources = 0;
        try (ElevhalsaBatch batch = READER.open(SAMPLE)) {
            assertThat(batch.header().getBatchId()).isEqualTo("sample-2026-11");
            while (batch.records().hasNext()) {
                List<Resource> mapped = mapper.map(batch.header(), batch.records().next());
                assertThat(mapped).isNotEmpty();
                resources += mapped.size();
            }
        }
        // 6 Consents with the RelatedPersons of 10 guardians, 9 Communications, 1 CarePlan (BUP's feedback is in
        // BUP's own export)
        assertThat(resources).isEqualTo(26);
    }

    @Test
    void rejectsAFileInvalidAgainstTheSchemaWithLineAndElementButNotTheValue() throws Exception {
        String sample = Files.readString(SAMPLE);
        // the first referral's child: an identity number one digit short
        int at = sample.indexOf("<referral recordId=\"R-2001\">");
        String number = "201403122383";
        int digits = sample.indexOf(number, at);
        String bad = sample.substring(0, digits) + number.substring(0, 11) + sample.substring(digits + 12);
        int line = (int) bad.substring(0, digits).chars().filter(c -> c == '\n').count() + 1;
        Path file = write("invalid.xml", bad);
        assertThatThrownBy(() -> READER.validate(file))
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("GW-1001");
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.getMessage()).contains("referral R-2001", "child/personalIdentityNumber")
                            .doesNotContain(number.substring(0, 11));
                });
    }

    @Test
    void rejectsAnUnknownDataCategoryAndAShortSchoolUnitCode() throws Exception {
        String sample = Files.readString(SAMPLE);
        Path category = write("category.xml", sample.replaceFirst("dataCategory=\"psychological\"", "dataCategory=\"diagnosis\""));
        assertThatThrownBy(() -> READER.validate(category))
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("GW-1001");
                    assertThat(e.getMessage()).contains("referral R-2001").doesNotContain("diagnosis");
                });
        Path unit = write("unit.xml", sample.replaceFirst("<skolenhetskod>10000001</skolenhetskod>",
                "<skolenhetskod>1000001</skolenhetskod>"));
        assertThatThrownBy(() -> READER.validate(unit))
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("GW-1001");
                    assertThat(e.getMessage()).contains("consent S-2002", "recipient/skolenhetskod")
                            .doesNotContain("1000001");
                });
    }

    @Test
    void rejectsATimeWithoutItsOffset() throws Exception {
        Path file = write("zone.xml", Files.readString(SAMPLE)
                .replaceFirst("<sent>2026-11-19T14:05:00\\+01:00</sent>", "<sent>2026-11-19T14:05:00</sent>"));
        assertThatThrownBy(() -> READER.validate(file))
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("GW-1001");
                    assertThat(e.getMessage()).contains("referral R-2001", "sent");
                });
    }

    @Test
    void rejectsATruncatedFile() throws Exception {
        String sample = Files.readString(SAMPLE);
        Path file = write("truncated.xml", sample.substring(0, sample.indexOf("<informationExchange recordId")));
        assertThatThrownBy(() -> READER.validate(file))
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> assertThat(e.code()).isEqualTo("GW-1001"));
    }

    @Test
    void refusesADoctypeBeforeReadingAnyDeclaration() throws Exception {
        Path secret = write("secret.txt", "201403122383");
        String sample = Files.readString(SAMPLE);
        String hostile = sample.replaceFirst("<elevhalsaExport ", "<!DOCTYPE elevhalsaExport [<!ENTITY x SYSTEM \""
                + secret.toUri() + "\">]>\n<elevhalsaExport ").replaceFirst("<batchId>sample-2026-11</batchId>",
                "<batchId>&x;</batchId>");
        Path file = write("doctype.xml", hostile);
        assertThatThrownBy(() -> READER.validate(file))
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("GW-1002");
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.getMessage()).contains("DOCTYPE").doesNotContain("201403122383");
                });
        // and the second pass, should a caller skip the first
        assertThatThrownBy(() -> READER.open(file).records().hasNext())
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> assertThat(e.code()).isEqualTo("GW-1002"));
    }

    @Test
    void marksARecordThatRepeatsAnEarlierRecordId() throws Exception {
        String sample = Files.readString(SAMPLE);
        Path file = write("repeat.xml", sample.replace("recordId=\"R-2002\"", "recordId=\"R-2001\""));
        List<ElevhalsaRecord> records = records(READER, file);
        assertThat(records.get(6).repeatOfLine()).isZero();
        assertThat(records.get(7).recordId()).isEqualTo("R-2001");
        assertThat(records.get(7).repeatOfLine()).isEqualTo(records.get(6).line());
    }

    @Test
    void holdsTextsToTheLimitAndAnAttachedDocumentToItsOwn() throws Exception {
        ElevhalsaReader strict = new ElevhalsaReader(new ElevhalsaReader.Limits(16, 60, 1_000, 256 << 10, 2_000, 100));
        String sample = Files.readString(SAMPLE);
        // the sample's attachment is over 60 base64 characters, within 1,000; its texts are not: shorten them
        String shortTexts = sample.replaceAll("(<text[^>]*>)[^<]{40,}(</text>)", "$1Kort text.$2")
                .replaceAll("(<reason>)[^<]+(</reason>)", "$1Kort.$2")
                .replaceAll("(<(title|topic)>)[^<]+(</\\2>)", "$1Kort.$3")
                .replaceAll("(<goal><text>)[^<]+(</text>)", "$1Mål.$2")
                .replaceAll("(<activity>\\s*<text>)[^<]+(</text>)", "$1Insats.$2");
        assertThat(records(strict, write("short.xml", shortTexts))).hasSize(16);
        Path file = write("long.xml", shortTexts.replaceFirst("Kort text\\.", "x".repeat(61)));
        assertThatThrownBy(() -> strict.validate(file))
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("GW-1004");
                    assertThat(e.getMessage()).contains("referral R-2001", "element text", "longer than 60");
                });
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
