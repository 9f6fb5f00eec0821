package se.samverkan.gateway.elevhalsa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.samverkan.gateway.cooperation.RecipientOutcome;

/**
 * The report of one elevhälsa export, for a person and as JSON: per record, what became of it for each
 * recipient (queued, already delivered, held or refused, with the code and why), or why the record was
 * refused (code, field, line). Names no child: the sending system knows its records by id.
 */
public final class ElevhalsaReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String file;
    private final String batchId;
    private final Instant started;
    private final List<Line> lines = new ArrayList<>();
    private String rejected;

    public ElevhalsaReport(String file, String batchId, Instant started) {
        this.file = file;
        this.batchId = batchId;
        this.started = started;
    }

    /** What became of one record. */
    public record Line(int position, int line, String recordId, String kind, String flow, String result,
                       String code, String field, String reason, List<RecipientOutcome> recipients) {

        static Line refused(ElevhalsaRecord r, String code, String field, String reason) {
            return new Line(r.position(), r.line(), r.recordId(), r.kind().name(), safeFlow(r), "refused", code, field,
                    reason, List.of());
        }

        static Line registered(ElevhalsaRecord r, String summary) {
            return new Line(r.position(), r.line(), r.recordId(), r.kind().name(), safeFlow(r), "registered", "GW-0000",
                    null, summary, List.of());
        }

        static Line routed(ElevhalsaRecord r, List<RecipientOutcome> outcomes) {
            return new Line(r.position(), r.line(), r.recordId(), r.kind().name(), safeFlow(r), "routed", null, null,
                    null, List.copyOf(outcomes));
        }

        private static String safeFlow(ElevhalsaRecord r) {
            try {
                return r.flow();
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    public void add(Line line) {
        lines.add(line);
    }

    public void reject(String reason) {
        this.rejected = reason;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Counts by result, and by recipient outcome for routed records. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Line l : lines) {
            counts.merge("records " + l.result(), 1, Integer::sum);
            l.recipients().forEach(o -> counts.merge("recipients " + o.status().code(), 1, Integer::sum));
        }
        return counts;
    }

    /** Writes {@code <file>.report.txt} and {@code <file>.report.json} into the folder; returns the text. */
    public String write(Path folder) {
        try {
            Files.createDirectories(folder);
            String text = text();
            Files.writeString(folder.resolve(file + ".report.txt"), text);
            JSON.writeValue(folder.resolve(file + ".report.json").toFile(), json());
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append("Elevhälsa export ").append(file).append(" (batch ").append(batchId).append("), read ")
                .append(started).append('\n');
        if (rejected != null) {
            return out.append("REJECTED: ").append(rejected).append('\n').toString();
        }
        counts().forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
        out.append('\n');
        for (Line l : lines) {
            out.append(String.format("#%d line %d record %s (%s %s): %s", l.position(), l.line(), l.recordId(),
                    l.kind(), l.flow() == null ? "-" : l.flow(), l.result()));
            if (l.code() != null) {
                out.append(' ').append(l.code());
            }
            if (l.field() != null) {
                out.append(" at ").append(l.field());
            }
            if (l.reason() != null) {
                out.append(": ").append(l.reason());
            }
            out.append('\n');
            for (RecipientOutcome o : l.recipients()) {
                out.append("    to ").append(o.recipient().value()).append(": ").append(o.status().code()).append(' ')
                        .append(o.code()).append(' ').append(o.reason()).append('\n');
            }
        }
        return out.toString();
    }

    ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("file", file).put("batchId", batchId).put("started", started.toString());
        if (rejected != null) {
            root.put("rejected", rejected);
            return root;
        }
        ObjectNode counts = root.putObject("counts");
        counts().forEach(counts::put);
        ArrayNode records = root.putArray("records");
        for (Line l : lines) {
            ObjectNode r = records.addObject().put("position", l.position()).put("line", l.line())
                    .put("recordId", l.recordId()).put("kind", l.kind()).put("flow", l.flow())
                    .put("result", l.result()).put("code", l.code()).put("field", l.field()).put("reason", l.reason());
            ArrayNode recipients = r.putArray("recipients");
            for (RecipientOutcome o : l.recipients()) {
                recipients.addObject().put("system", o.recipient().system()).put("value", o.recipient().value())
                        .put("status", o.status().code()).put("code", o.code()).put("reason", o.reason())
                        .put("deliveryId", o.deliveryId() == null ? null : o.deliveryId().toString());
            }
        }
        return root;
    }
}
