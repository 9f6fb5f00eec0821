package se.samverkan.gateway.bhv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken batch files, at the reader: each is refused with a code, the line, the record and
 * the element, in bounded time; nothing outside the file is read. Memory for the large cases is proven in
 * a JVM with a small heap by {@link BhvLargeBatchTest}.
 */
class BhvHostileInputTest {

    static final Path SAMPLE = Path.of("../mappings/samples/bhv-batch-small.xml");
    static final BhvBatchReader READER = new BhvBatchReader();
    static final String MARKER = "MARKER-5f1e9c";
    static final AtomicInteger REQUESTS = new AtomicInteger();
    static HttpServer server;
    static String sample;

    @TempDir
    Path dir;

    @BeforeAll
    static void startAServerThatNobodyShouldCall() throws Exception {
        sample = Files.readString(SAMPLE);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            REQUESTS.incrementAndGet();
            byte[] body = ("<!ENTITY leak \"" + MARKER + "\">").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @BeforeEach
    void noRequestsYet() {
        REQUESTS.set(0);
    }

    // --- entities and DOCTYPE ---

    @Test
    void anEntityExpansionBombIsRefusedAtTheDoctypeBeforeAnyEntityIsDeclared() throws Exception {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE bhvExport [\n");
        bomb.append(" <!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        // not even well-formed: a parser that read the declarations would fail here, with another message
        bomb.append(" <!ENTITY unfinished\n]>\n");
        bomb.append("<bhvExport xmlns=\"urn:samverkan:bhv-export:1\"><header><batchId>&lol9;</batchId></header>"
                + "</bhvExport>\n");
        Path file = write("lol.xml", bomb.toString());

        long started = System.nanoTime();
        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1002");
        assertThat(e.line()).as("refused on the DOCTYPE line, before the first declaration").isEqualTo(2);
        assertThat(e.getMessage()).endsWith(SchemaRefusal.DOCTYPE_REFUSED);
        assertThat(millisSince(started)).isLessThan(2_000);
    }

    @Test
    void anExternalFileEntityIsNeverRead() throws Exception {
        Path secret = write("secret.txt", MARKER);
        Path file = write("xxe.xml", withDoctype("<!DOCTYPE bhvExport [ <!ENTITY leak SYSTEM \"" + secret.toUri()
                + "\"> ]>").replace("sample-2027-01", "&leak;"));

        for (BatchRejectedException e : List.of(refusal(() -> READER.validate(file)), refusal(() -> READER.open(file)))) {
            assertThat(e.code()).isEqualTo("GW-1002");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.getMessage()).doesNotContain(MARKER);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "<!DOCTYPE bhvExport SYSTEM \"%s/external.dtd\">",
            "<!DOCTYPE bhvExport PUBLIC \"-//x//y//EN\" \"%s/public.dtd\">",
            "<!DOCTYPE bhvExport [ <!ENTITY leak SYSTEM \"%s/entity\"> ]>",
            "<!DOCTYPE bhvExport [ <!ENTITY %% remote SYSTEM \"%s/parameter-entity\"> %%remote; ]>"})
    void anExternalDtdOrEntityOverHttpIsNeverFetched(String doctype) throws Exception {
        Path file = write("remote.xml", withDoctype(doctype.formatted(baseUrl())));

        assertThat(refusal(() -> READER.validate(file)).code()).isEqualTo("GW-1002");
        assertThat(refusal(() -> READER.open(file)).code()).isEqualTo("GW-1002");
        assertThat(REQUESTS).hasValue(0);
    }

    @Test
    void aSchemaLocationHintIsIgnoredAndNeverFetched() throws Exception {
        Path file = write("hint.xml", sample.replace("<bhvExport ", "<bhvExport"
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"urn:samverkan:bhv-export:1 " + baseUrl() + "/lax.xsd\" "));

        READER.validate(file);

        assertThat(records(file)).hasSize(11);
        assertThat(REQUESTS).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "http"})
    void anXIncludeIsNotProcessedButRefusedAsAnElementTheSchemaDoesNotKnow(String scheme) throws Exception {
        String href = scheme.equals("file") ? write("included.txt", MARKER).toUri().toString() : baseUrl() + "/x";
        Path file = write("xinclude.xml", sample.replace("<batchId>",
                "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + href + "\" parse=\"text\"/><batchId>"));

        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1001");
        assertThat(e.getMessage()).contains("header, element include").doesNotContain(MARKER);
        assertThat(REQUESTS).hasValue(0);
    }

    // --- broken files ---

    @ParameterizedTest(name = "cut after \"{0}\"")
    @ValueSource(strings = {"<name><given>Ma", "</guardian>\n    <gua", "<family>Provstr\u00f6", "<family>Provstr"})
    void aFileCutMidRecordIsRejectedNamingTheRecordItBrokeIn(String cutAfter) throws Exception {
        byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
        int record = sample.indexOf("<child recordId=\"R-1003\"");
        int cut = sample.substring(0, sample.indexOf(cutAfter, record) + cutAfter.length())
                .getBytes(StandardCharsets.UTF_8).length;
        if (cutAfter.endsWith("\u00f6")) {
            cut--; // inside the two bytes of the character
        }
        Path file = dir.resolve("cut.xml");
        Files.write(file, java.util.Arrays.copyOf(bytes, cut));

        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1001");
        assertThat(e.line()).isEqualTo(sample.substring(0, sample.indexOf(cutAfter, record)).split("\n", -1).length
                + (int) cutAfter.chars().filter(c -> c == '\n').count());
        assertThat(e.getMessage()).contains("record R-1003 (no. 3 in the batch)");
    }

    @Test
    void anEmptyFileIsRejected() throws Exception {
        Path file = write("empty.xml", "");

        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1001");
        assertThat(e.getMessage()).contains("Premature end of file");
    }

    @ParameterizedTest(name = "bytes {0}")
    @ValueSource(strings = {"80", "c328", "c0af", "e080af", "eda080", "f0808080", "f09f98", "f4908080", "f5808080", "ff",
            "e561"})
    void invalidUtf8InATextIsRejectedNamingTheRecordAndTheField(String hex) throws Exception {
        Path file = withBytesInAName(HexFormat.of().parseHex(hex));

        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1001");
        assertThat(e.line()).isEqualTo(49);
        assertThat(e.getMessage()).contains("UTF-8 sequence");
        if (!hex.equals("f4908080") && !hex.equals("f5808080")) {
            // code points above U+10FFFF the parser finds while reading ahead: the line is found again, the record not
            assertThat(e.getMessage()).contains("record R-1002 (no. 2 in the batch), element name/given");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"01", "1b", "efbfbe", "2623313b", "262378464646453b"})
    void aCharacterXmlDoesNotAllowIsRejectedNamingTheRecordAndTheField(String hex) throws Exception {
        // raw control characters, U+FFFE, and the character references &#1; and &#xFFFE;
        Path file = withBytesInAName(HexFormat.of().parseHex(hex));

        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1001");
        assertThat(e.getMessage()).contains("record R-1002 (no. 2 in the batch), element name/given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ISO-8859-1", "windows-1252", "UTF-16"})
    void aFileInAnotherEncodingThatSaysSoIsReadAsWritten(String encoding) throws Exception {
        String text = sample.replace("encoding=\"UTF-8\"", "encoding=\"" + encoding + "\"")
                .replace("<given>Noah</given>", "<given>\u00c5sa \u00d6rjan</given>");
        Path file = dir.resolve("encoded.xml");
        Files.write(file, text.getBytes(Charset.forName(encoding)));

        READER.validate(file);

        assertThat(records(file).get(1).child().getName().getGiven()).isEqualTo("\u00c5sa \u00d6rjan");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16", "x-no-such-encoding", "IBM037"})
    void aFileWhoseDeclaredEncodingIsWrongOrUnknownIsRejected(String declared) throws Exception {
        Path file = write("misdeclared.xml", sample.replace("encoding=\"UTF-8\"", "encoding=\"" + declared + "\""));

        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1001");
        assertThat(e.line()).isEqualTo(1);
    }

    // --- too much of something ---

    @Test
    void deepNestingIsRefusedAtTheLimitWithoutReadingFurther() throws Exception {
        Path file = withInFirstRecord("<developmentSummary>", "<a>", 1_000_000, "</a>", "</developmentSummary>");

        long started = System.nanoTime();
        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1004");
        assertThat(e.getMessage()).contains("record R-1001 (no. 1 in the batch), element developmentSummary/a/a")
                .endsWith("elements nested deeper than 16 levels");
        assertThat(millisSince(started)).isLessThan(2_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "cdata", "white space", "comment", "processing instruction", "attribute",
            "many small comments"})
    void somethingOverLongIsRefusedBeforeItIsHeldInMemory(String what) throws Exception {
        int size = 8 << 20;
        Path file = switch (what) {
            case "text" -> withInFirstRecord("<developmentSummary>", "x", size, "", "</developmentSummary>");
            case "cdata" -> withInFirstRecord("<developmentSummary><![CDATA[", "<", size, "", "]]></developmentSummary>");
            case "white space" -> withInFirstRecord("", " ", size, "", "");
            case "comment" -> withInFirstRecord("<developmentSummary><!--", "<", size, "", "--></developmentSummary>");
            case "processing instruction" -> withInFirstRecord("<?pi ", "<", size, "", "?>");
            case "attribute" -> withInFirstRecord("<developmentSummary a=\"", "x", size, "", "\"/>");
            default -> withInFirstRecord("", "<!---->", size / 7, "", "");
        };

        long started = System.nanoTime();
        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1004");
        assertThat(e.line()).isEqualTo(13);
        assertThat(e.getMessage()).contains("record R-1001 (no. 1 in the batch)")
                .containsPattern("a text longer than 40000 characters|more than 256 KiB without an element");
        assertThat(millisSince(started)).isLessThan(2_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"name/given", "developmentSummary"})
    void aTextOverItsMaxLengthButUnderTheReadersLimitIsRefusedByTheSchemaInTheStreamingPass(String element)
            throws Exception {
        // the schema's maxLength facets (100 for a name, 20,000 for the summary) hold below the reader's 40,000
        String text = element.equals("developmentSummary") ? "x".repeat(20_001) : "Noah".repeat(26);
        Path file = write("long.xml", element.equals("developmentSummary")
                ? sample.replaceFirst("<developmentSummary>[^<]*</developmentSummary>",
                        "<developmentSummary>" + text + "</developmentSummary>")
                : sample.replace("<given>Noah</given>", "<given>" + text + "</given>"));

        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1001");
        assertThat(e.getMessage()).contains("element " + element + ": cvc-maxLength-valid: Value [redacted] with length")
                .doesNotContain(text);
    }

    @Test
    void anOverLongElementNameIsRefused() throws Exception {
        Path file = withInFirstRecord("<" + "n".repeat(100_000) + ">", "", 0, "", "");

        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1004");
        assertThat(e.getMessage()).contains("record R-1001 (no. 1 in the batch)");
    }

    @Test
    void aRecordWithMoreElementsThanAnyRealRecordIsRefusedNamingIt() throws Exception {
        String growth = "<growth><date>2022-02-04</date><heightCm>75.5</heightCm></growth>";
        Path file = write("fat.xml", sample.replaceFirst("(<child recordId=\"R-1002\">(?s:.*?))(<growth>)",
                "$1" + growth.repeat(700) + "$2"));

        BatchRejectedException e = refusal(() -> READER.validate(file));

        assertThat(e.code()).isEqualTo("GW-1004");
        assertThat(e.getMessage()).contains("record R-1002 (no. 2 in the batch), element growth")
                .endsWith("more than 2000 elements in one record");
    }

    @Test
    void aFileWithMoreRecordsThanTheLimitIsRefusedAtTheFirstRecordTooMany() throws Exception {
        BhvBatchReader.Limits limits = BhvBatchReader.Limits.DEFAULT;
        BhvBatchReader fiveRecords = new BhvBatchReader(new BhvBatchReader.Limits(limits.depth(), limits.textChars(),
                limits.bytesWithoutMarkup(), limits.elementsPerRecord(), 5));

        BatchRejectedException e = refusal(() -> fiveRecords.validate(SAMPLE));

        assertThat(e.code()).isEqualTo("GW-1004");
        assertThat(e.line()).isEqualTo(176);
        assertThat(e.getMessage()).contains("record R-1006 (no. 6 in the batch)").endsWith("more than 5 records in one file");
    }

    // --- a record repeated in one batch ---

    @Test
    void aRecordRepeatedWholeIsMarkedAsARepeatOfTheFirst() throws Exception {
        String r1002 = recordBlock("R-1002");
        Path file = write("repeated.xml", sample.replace(r1002, r1002 + r1002));

        List<BhvRecord> records = records(file);

        assertThat(records).extracting(BhvRecord::recordId).startsWith("R-1001", "R-1002", "R-1002", "R-1003");
        assertThat(records.get(1).repeat()).isNull();
        RecordCheck.Problem repeat = records.get(2).repeat();
        assertThat(repeat.code()).isEqualTo("GW-1103");
        assertThat(repeat.message()).isEqualTo("recordId: the record id is already used by the record on line 47 of"
                + " this batch; only that record is processed");
        assertThat(records).filteredOn(r -> r.repeat() != null).hasSize(1);
    }

    @Test
    void aRecordIdUsedAgainForAnotherChildIsMarked() throws Exception {
        Path file = write("same-id.xml", sample.replace("recordId=\"R-1004\"", "recordId=\"R-1002\""));

        List<BhvRecord> records = records(file);

        assertThat(records.get(3).repeat().message()).startsWith("recordId:").contains("line 47");
        assertThat(records).filteredOn(r -> r.repeat() != null).hasSize(1);
    }

    @Test
    void theSameChildUnderAnotherRecordIdIsMarkedWithoutNamingTheChild() throws Exception {
        String r1002 = recordBlock("R-1002");
        Path file = write("same-child.xml", sample.replace(r1002, r1002 + r1002
                .replace("R-1002", "R-1002-B").replace("<schoolUnit>10000001", "<schoolUnit>10000002")));

        List<BhvRecord> records = records(file);

        RecordCheck.Problem repeat = records.get(2).repeat();
        assertThat(repeat.code()).isEqualTo("GW-1103");
        assertThat(repeat.message()).startsWith("personalIdentityNumber: the same child as the record on line 47")
                .doesNotContainPattern("\\d{10}");
    }

    // --- helpers ---

    private static BatchRejectedException refusal(Runnable read) {
        BatchRejectedException e = catchThrowableOfType(BatchRejectedException.class, read::run);
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    private static List<BhvRecord> records(Path file) throws Exception {
        List<BhvRecord> records = new ArrayList<>();
        try (BhvBatch batch = READER.open(file)) {
            batch.records().forEachRemaining(records::add);
        }
        return records;
    }

    private static String recordBlock(String recordId) {
        int start = sample.lastIndexOf("  <child", sample.indexOf("<child recordId=\"" + recordId + "\""));
        return sample.substring(start, sample.indexOf("</child>", start) + "</child>\n".length());
    }

    /** The sample with the file's own DOCTYPE after the XML declaration and the comment (line 4). */
    private static String withDoctype(String doctype) {
        return sample.replace("<bhvExport ", doctype + "\n<bhvExport ");
    }

    /** The sample with bytes inside the second record's given name (line 49). */
    private Path withBytesInAName(byte[] bytes) throws IOException {
        String[] parts = sample.split("<given>Noah", 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((parts[0] + "<given>No").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("ah" + parts[1]).getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("bytes.xml");
        Files.write(file, out.toByteArray());
        return file;
    }

    /** The sample with something repeated after the first record's name (line 13). */
    private Path withInFirstRecord(String open, String unit, int times, String close, String end) throws IOException {
        Path file = dir.resolve("large.xml");
        int at = sample.indexOf("</name>") + "</name>".length();
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(sample, 0, at);
            out.write(open);
            for (int i = 0; i < times; i++) {
                out.write(unit);
            }
            for (int i = 0; i < times && !close.isEmpty(); i++) {
                out.write(close);
            }
            out.write(end);
            out.write(sample, at, sample.length() - at);
        }
        return file;
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
