package se.samverkan.gateway.bhv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BhvBatchReaderTest {

    static final Path SAMPLE = Path.of("../mappings/samples/bhv-batch-small.xml");
    static final BhvBatchReader READER = new BhvBatchReader();

    @TempDir
    Path dir;

    @Test
    void readsTheSampleBatchRecordByRecordWithLineNumbers() throws Exception {
        READER.validate(SAMPLE);
        List<BhvRecord> records = new ArrayList<>();
        try (BhvBatch batch = READER.open(SAMPLE)) {
            assertThat(batch.header().getBatchId()).isEqualTo("sample-2027-01");
            batch.records().forEachRemaining(records::add);
        }
        assertThat(records).extracting(BhvRecord::recordId)
                .containsExactly("R-1001", "R-1002", "R-1003", "R-1004", "R-1005", "R-1006", "R-1007", "R-1008",
                        "R-1009", "R-1010", "R-1011");
        assertThat(records).extracting(BhvRecord::position).startsWith(1, 2, 3);
        assertThat(records.get(0).line()).isEqualTo(11);
    }

    @Test
    void rejectsAFileThatIsNotWellFormedWithItsLine() throws Exception {
        String sample = Files.readString(SAMPLE);
        Path truncated = write("truncated.xml", sample.substring(0, sample.indexOf("<child recordId=\"R-1003\"")));
        assertThatThrownBy(() -> READER.validate(truncated))
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("GW-1001");
                    assertThat(e.line()).isGreaterThan(60);
                });
    }

    @Test
    void rejectsAFileInvalidAgainstTheSchemaNamingTheElementButNotTheValue() throws Exception {
        String sample = Files.readString(SAMPLE);
        // an identity number one digit short, on the line of the first record's number
        String bad = sample.replaceFirst("<personalIdentityNumber>(\\d{11})\\d</personalIdentityNumber>",
                "<personalIdentityNumber>$1</personalIdentityNumber>");
        String shortened = bad.substring(bad.indexOf("<personalIdentityNumber>") + 24,
                bad.indexOf("</personalIdentityNumber>"));
        Path file = write("invalid.xml", bad);
        assertThatThrownBy(() -> READER.validate(file))
                .isInstanceOfSatisfying(BatchRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo("GW-1001");
                    assertThat(e.line()).isEqualTo(12);
                    assertThat(e.getMessage()).contains("personalIdentityNumber").doesNotContain(shortened);
                });
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
