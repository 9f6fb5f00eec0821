package se.samverkan.gateway.elevhalsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.elevhalsa.xml.BatchHeader;

/**
 * Records the schema lets through and the mapper refuses, one at a time: each refusal names the record and
 * the field, never a value, and the records after it are mapped as usual. The file is the golden referral,
 * information exchange, consent, consultation, report and SIP records, each broken in one place.
 */
class ElevhalsaBadRecordTest {

    static final ElevhalsaReader READER = new ElevhalsaReader();
    static final ElevhalsaMapper MAPPER = new ElevhalsaMapper();
    static final Path GOLDEN = Path.of("src/test/resources/fixtures/elevhalsa/mapping");
    static final Pattern IDENTITY_NUMBER = Pattern.compile("\\d{12}");

    record Expected(String code, String field) {
    }

    @TempDir
    Path dir;

    /** The record element of a golden case, with its record id replaced. */
    static String record(String golden, String recordId) throws Exception {
        String xml = Files.readString(GOLDEN.resolve(golden).resolve("input.xml"));
        String body = xml.substring(xml.indexOf("</header>") + "</header>".length(), xml.indexOf("</elevhalsaExport>"));
        return body.replaceFirst("recordId=\"[^\"]+\"", "recordId=\"" + recordId + "\"");
    }

    @Test
    void eachBadRecordIsRefusedNamingTheRecordAndTheField() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        Map<String, Expected> expected = new LinkedHashMap<>();
        String referral = record("referral-with-attachment", "X");
        String consent = record("consent-given", "X");
        String withdrawn = record("consent-withdrawn", "X");
        String anonymous = record("consultation-anonymous", "X");
        String identified = record("consultation-identified", "X");
        String sip = record("sip-three-principals", "X");

        records.put("bad-check-digit", referral.replace("201403122383", "201403122384"));
        expected.put("bad-check-digit", new Expected("GW-1101", "referral/child/personalIdentityNumber"));
        records.put("bad-guardian", consent.replace("197910107718", "197910107719"));
        expected.put("bad-guardian", new Expected("GW-1101", "consent/givenBy/guardian[2]/personalIdentityNumber"));
        records.put("other-birth-date", record("feedback", "X").replace("<birthDate>2014-03-12", "<birthDate>2014-03-13"));
        expected.put("other-birth-date", new Expected("GW-1111", "feedback/child/birthDate"));
        records.put("good-between", record("information-exchange-voluntary", "good-between"));
        records.put("anonymous-with-number", anonymous.replace("<anonymousChild>",
                "<anonymousChild><personalIdentityNumber>201501223224</personalIdentityNumber>"));
        expected.put("anonymous-with-number",
                new Expected("GW-1110", "consultation/anonymousChild/personalIdentityNumber"));
        records.put("anonymous-with-name", anonymous.replace("<anonymousChild>",
                "<anonymousChild><name><given>Tyra</given><family>Exempelsson</family></name>"));
        expected.put("anonymous-with-name", new Expected("GW-1110", "consultation/anonymousChild/name"));
        records.put("anonymous-with-address", anonymous.replace("<gender>female",
                "<address><line>Exempelgatan 1</line><city>Exempelstad</city></address><gender>female"));
        expected.put("anonymous-with-address", new Expected("GW-1110", "consultation/anonymousChild/address"));
        records.put("anonymous-with-birth-date", anonymous.replace("<birthYear>2015</birthYear>",
                "<birthDate>2015-01-22</birthDate>"));
        expected.put("anonymous-with-birth-date", new Expected("GW-1110", "consultation/anonymousChild/birthDate"));
        records.put("anonymous-naming-the-child", identified.replace("<consultation recordId=\"X\"",
                "<consultation recordId=\"X\" anonymous=\"true\""));
        expected.put("anonymous-naming-the-child", new Expected("GW-1110", "consultation/child"));
        records.put("anonymous-plain-text", anonymous.replace("</consultation>",
                "<text>Elevens namn står här (syntetisk testtext).</text></consultation>"));
        expected.put("anonymous-plain-text", new Expected("GW-1110", "consultation/text[2]/@deIdentified"));
        records.put("identified-without-child", anonymous.replace(" anonymous=\"true\"", ""));
        expected.put("identified-without-child", new Expected("GW-1113", "consultation/anonymousChild"));
        records.put("withdrawn-before-given", withdrawn.replace("<withdrawn>2026-11-18", "<withdrawn>2026-08-18"));
        expected.put("withdrawn-before-given", new Expected("GW-1112", "consent/withdrawn"));
        records.put("valid-until-before-given", consent.replace("<validUntil>2027-06-30", "<validUntil>2026-10-04"));
        expected.put("valid-until-before-given", new Expected("GW-1112", "consent/validUntil"));
        records.put("f4-without-phase", withdrawn.replace("<casePhase>voluntary</casePhase>", ""));
        expected.put("f4-without-phase", new Expected("GW-1113", "consent/casePhase"));
        records.put("phase-on-f2", consent.replace("<flow>F2</flow>", "<flow>F2</flow><casePhase>report</casePhase>"));
        expected.put("phase-on-f2", new Expected("GW-1113", "consent/casePhase"));
        records.put("report-without-intake", record("report-of-concern-flags", "X")
                .replace("<registrationMunicipality>0180</registrationMunicipality>", ""));
        expected.put("report-without-intake", new Expected("GW-1113", "reportOfConcern/child/registrationMunicipality"));
        records.put("activity-ends-before-start", sip.replace("<start>2027-01-10</start>",
                "<start>2027-01-10</start><end>2026-12-24</end>"));
        expected.put("activity-ends-before-start", new Expected("GW-1112", "sipPlan/activity[2]/period/end"));
        records.put("sip-guardian", sip.replace("198608252097", "198608252098"));
        expected.put("sip-guardian", new Expected("GW-1101", "sipPlan/guardian[2]/personalIdentityNumber"));
        records.put("year-1800", record("information-exchange-voluntary", "X")
                .replace("<sent>2026-11-19", "<sent>1800-11-19"));
        expected.put("year-1800", new Expected("GW-1104", "informationExchange/sent"));
        // the record id of the good record again
        records.put("repeat", record("information-exchange-voluntary", "good-between"));
        expected.put("repeat", new Expected("GW-1103", "informationExchange/@recordId"));

        StringBuilder file = new StringBuilder(Files.readString(GOLDEN.resolve("consent-given/input.xml")));
        file.setLength(file.indexOf("</header>") + "</header>".length());
        records.forEach((id, xml) -> file.append(xml.replaceFirst("recordId=\"X\"", "recordId=\"" + id + "\"")));
        file.append("</elevhalsaExport>\n");
        Path input = dir.resolve("bad.xml");
        Files.writeString(input, file);

        READER.validate(input);
        int mapped = 0;
        int refused = 0;
        try (ElevhalsaBatch batch = READER.open(input)) {
            BatchHeader header = batch.header();
            while (batch.records().hasNext()) {
                ElevhalsaRecord record = batch.records().next();
                Expected bad = record.repeatOfLine() > 0 ? expected.get("repeat") : expected.get(record.recordId());
                if (bad == null) {
                    assertThat(MAPPER.map(header, record)).as(record.recordId()).isNotEmpty();
                    mapped++;
                    continue;
                }
                assertThatThrownBy(() -> MAPPER.map(header, record)).as(record.recordId())
                        .isInstanceOfSatisfying(ElevhalsaRecordException.class, e -> {
                            assertThat(e.code()).isEqualTo(bad.code());
                            assertThat(e.field()).isEqualTo(bad.field());
                            assertThat(e.recordId()).isEqualTo(record.recordId());
                            assertThat(e.line()).isEqualTo(record.line());
                            assertThat(e.getMessage()).contains("record " + record.recordId(), bad.field());
                            assertThat(IDENTITY_NUMBER.matcher(e.getMessage()).find()).as(e.getMessage()).isFalse();
                        });
                refused++;
            }
        }
        assertThat(mapped).isEqualTo(1);
        assertThat(refused).isEqualTo(expected.size());
    }
}
