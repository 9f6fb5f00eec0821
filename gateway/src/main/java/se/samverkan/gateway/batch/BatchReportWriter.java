package se.samverkan.gateway.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report every batch ends with: a page a person can read and its machine-readable twin. Records
 * are named by the exporting system's record id and a pseudonym, never by identity number.
 */
public class BatchReportWriter {

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes {@code <stem>.report.txt} and {@code <stem>.report.json} into the folder; returns the text. */
    public String write(BatchRun run, Path folder) {
        String text = text(run);
        try {
            Files.createDirectories(folder);
            String stem = stem(run);
            Files.writeString(folder.resolve(stem + ".report.txt"), text);
            json.writeValue(folder.resolve(stem + ".report.json").toFile(), json(run));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write batch report to " + folder, e);
        }
        return text;
    }

    static String stem(BatchRun run) {
        String name = run.fileName().replaceAll("\\.xml$", "");
        return name + "." + run.started().toString().replace(":", "").replaceAll("\\.\\d+", "");
    }

    public String text(BatchRun run) {
        StringBuilder out = new StringBuilder();
        out.append("Batch report: ").append(run.fileName()).append('\n');
        if (run.batchId() != null) {
            out.append("Batch id:     ").append(run.batchId()).append(" from ").append(run.sourceUnit()).append('\n');
        }
        out.append("Run:          ").append(run.started());
        if (run.finished() != null) {
            out.append(" (").append(Duration.between(run.started(), run.finished()).toMillis()).append(" ms)");
        }
        out.append('\n');
        if (run.rejection() != null) {
            out.append("\nFILE REJECTED, no record was processed: ").append(run.rejection()).append('\n');
            return out.toString();
        }
        List<RecordResult> results = run.results();
        out.append("Records:      ").append(results.size()).append("\n");
        for (String warning : run.warnings()) {
            out.append("WARNING:      ").append(warning).append('\n');
        }
        if (run.waiting()) {
            out.append("Not final:    some deliveries wait for a retry; this report is written again when they end\n");
        }
        out.append('\n');
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.QUEUED || run.count(o) > 0) {
                out.append(String.format("  %-18s %6d%n", o.label(), run.count(o)));
            }
        }
        out.append("\nPer school unit:\n");
        for (Map.Entry<String, Map<Outcome, Integer>> school : perSchool(results).entrySet()) {
            out.append("  ").append(school.getKey()).append(": ");
            school.getValue().forEach((o, n) -> out.append(o.label()).append(' ').append(n).append("  "));
            out.append('\n');
        }
        appendList(out, "Held", results, Outcome.HELD);
        appendList(out, "Refused", results, Outcome.REFUSED);
        appendList(out, "Failed (will be retried)", results, Outcome.FAILED);
        appendList(out, "Parked (given up; re-drive through the admin API)", results, Outcome.PARKED);
        appendList(out, "Queued (not yet tried)", results, Outcome.QUEUED);
        List<RecordResult> stripped = results.stream().filter(r -> !r.stripped().isEmpty()).toList();
        if (!stripped.isEmpty()) {
            out.append("\nDelivered without data the consent does not cover (C11):\n");
            stripped.forEach(r -> out.append("  record ").append(r.recordId()).append(" (").append(r.childRef())
                    .append("): stripped ").append(String.join(", ", r.stripped())).append('\n'));
        }
        return out.toString();
    }

    private static void appendList(StringBuilder out, String title, List<RecordResult> results, Outcome outcome) {
        List<RecordResult> some = results.stream().filter(r -> r.outcome() == outcome).toList();
        if (some.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append(":\n");
        for (RecordResult r : some) {
            out.append("  record ").append(r.recordId()).append(" (line ").append(r.line()).append(", ")
                    .append(r.childRef()).append(", school ").append(r.schoolUnit()).append("): ")
                    .append(r.code()).append(' ').append(r.reason());
            if (!r.rules().isEmpty()) {
                out.append(" [").append(String.join(", ", r.rules())).append(']');
            }
            out.append('\n');
        }
    }

    private static Map<String, Map<Outcome, Integer>> perSchool(List<RecordResult> results) {
        Map<String, Map<Outcome, Integer>> map = new TreeMap<>();
        for (RecordResult r : results) {
            String school = r.schoolUnit() == null ? "(none)" : r.schoolUnit();
            map.computeIfAbsent(school, k -> new EnumMap<>(Outcome.class)).merge(r.outcome(), 1, Integer::sum);
        }
        return map;
    }

    public ObjectNode json(BatchRun run) {
        ObjectNode root = json.createObjectNode();
        root.put("file", run.fileName());
        root.put("batchId", run.batchId());
        root.put("sourceUnit", run.sourceUnit());
        root.put("started", run.started().toString());
        root.put("finished", run.finished() == null ? null : run.finished().toString());
        root.put("rejected", run.rejection());
        // false while deliveries wait for a retry: the report is written again, final, when they end
        root.put("complete", !run.waiting());
        run.warnings().forEach(root.putArray("warnings")::add);
        ObjectNode counts = root.putObject("counts");
        for (Outcome o : Outcome.values()) {
            counts.put(o.name().toLowerCase(), run.count(o));
        }
        ObjectNode schools = root.putObject("perSchool");
        perSchool(run.results()).forEach((school, byOutcome) -> {
            ObjectNode s = schools.putObject(school);
            byOutcome.forEach((o, n) -> s.put(o.name().toLowerCase(), n));
        });
        ArrayNode records = root.putArray("records");
        for (RecordResult r : run.results()) {
            ObjectNode n = records.addObject();
            n.put("recordId", r.recordId());
            n.put("line", r.line());
            n.put("child", r.childRef());
            n.put("schoolUnit", r.schoolUnit());
            n.put("outcome", r.outcome().name().toLowerCase());
            n.put("code", r.code());
            n.put("reason", r.reason());
            r.rules().forEach(n.withArray("rules")::add);
            r.stripped().forEach(n.withArray("stripped")::add);
        }
        return root;
    }
}
