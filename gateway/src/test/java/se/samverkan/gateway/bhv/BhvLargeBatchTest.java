package se.samverkan.gateway.bhv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.support.TestIds;

/**
 * Large batches and two 100 MB hostile files, read in a JVM of their own whose heap is much smaller than
 * the files: if the reader held a file, or a record of the hostile ones, in memory, that JVM would run out
 * of it (and exits at once on OutOfMemoryError). The normal run reads a 48 MB batch in a 32 MB heap; the
 * 200 MB batch of the issue takes about 20 s on two cores and runs with {@code -Pbench}.
 */
class BhvLargeBatchTest {

    static final long MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void a48MbBatchIsReadRecordByRecordInA32MbHeapAndHostileGiantsAreRefusedEarly() throws Exception {
        readInSmallHeap(48, 32);
    }

    @Test
    @Tag("bench")
    void a200MbBatchIsReadRecordByRecordInA48MbHeapAndHostileGiantsAreRefusedEarly() throws Exception {
        readInSmallHeap(200, 48);
    }

    private void readInSmallHeap(int fileMb, int heapMb) throws Exception {
        String valid = "valid-" + fileMb + "mb.xml";
        int records = writeValidBatch(dir.resolve(valid), fileMb * MB);
        writeWithGiantInFirstRecord(dir.resolve("giant-text.xml"), "<developmentSummary>", "</developmentSummary>");
        writeWithGiantInFirstRecord(dir.resolve("giant-comment.xml"), "<!--", "-->");

        Map<String, String> results = new HashMap<>();
        String heap = probe(heapMb, results, valid, "giant-text.xml", "giant-comment.xml");

        Matcher read = Pattern.compile("read records=(\\d+) repeats=0 validateMs=(\\d+) readMs=(\\d+)")
                .matcher(results.get(valid));
        assertThat(read.matches()).as(results.get(valid)).isTrue();
        assertThat(Integer.parseInt(read.group(1))).isEqualTo(records);
        assertThat(results.get("giant-text.xml")).startsWith("refused code=GW-1004");
        assertThat(results.get("giant-comment.xml")).startsWith("refused code=GW-1004");
        System.out.printf("%d MB batch, %d records, -Xmx%dm: validated in %s ms, read in %s ms; heap MB %s%n",
                fileMb, records, heapMb, read.group(2), read.group(3), heap);
    }

    /** Runs {@link LargeBatchProbe} over the files in a JVM with a small heap; returns its heap line. */
    private String probe(int heapMb, Map<String, String> results, String... files) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                LargeBatchProbe.class.getName()));
        for (String file : files) {
            command.add(dir.resolve(file).toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String heap = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] parts = line.substring(7).split(" ", 2);
                results.put(parts[0], parts[1].trim());
            } else if (line.startsWith("HEAP ")) {
                heap = line.substring(5).trim();
            }
        }
        assertThat(results).as(output).containsOnlyKeys(files);
        return heap;
    }

    /** Full records, each with its own record id and child, until the file is the size asked for. */
    private static int writeValidBatch(Path file, long size) throws IOException {
        String template = Files.readString(Path.of("src/test/resources/fixtures/bhv/mapping/full-record/input.xml"));
        int from = template.indexOf("  <child ");
        String head = template.substring(0, from);
        String child = template.substring(from, template.indexOf("</bhvExport>"));
        String childId = child.split("<personalIdentityNumber>")[1].substring(0, 12);
        int n = 0;
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(head);
            long written = head.length();
            LocalDate born = LocalDate.of(2021, 1, 1);
            while (written < size) {
                String record = child.replace("recordId=\"R-1\"", "recordId=\"R-" + n + "\"")
                        .replace(childId, TestIds.pnr(born.plusDays(n / 1000), n % 1000));
                out.write(record);
                written += record.length();
                n++;
            }
            out.write("</bhvExport>\n");
        }
        return n;
    }

    /** The sample with 100 MB of one thing in its first record, after the name. */
    private static void writeWithGiantInFirstRecord(Path file, String open, String close) throws IOException {
        String sample = Files.readString(BhvHostileInputTest.SAMPLE);
        int at = sample.indexOf("</name>") + "</name>".length();
        String chunk = "x".repeat(1 << 16);
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(sample, 0, at);
            out.write(open);
            for (long written = 0; written < 100 * MB; written += chunk.length()) {
                out.write(chunk);
            }
            out.write(close);
            out.write(sample, at, sample.length() - at);
        }
    }
}
