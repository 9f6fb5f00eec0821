package se.samverkan.gateway.batch;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Where a batch's time goes, stage by stage, summed over every record and thread: the one-shot command
 * prints it, the cohort benchmark reads it. Cheap enough to be always on (two nanoTime calls a stage).
 */
public final class StageClock {

    /** The stages of a record, in the order it passes them. */
    public enum Stage {
        /** schema validation of the file and reading records from it */
        PARSE,
        /** the consent decision, audit write included */
        DECIDE,
        /** mapping to FHIR and encoding the Bundle as JSON */
        MAP,
        /** profile validation of the Bundle */
        VALIDATE,
        /** the detached CMS signature */
        SIGN,
        /** sending to the recipient and waiting for its answer */
        DELIVER,
        /** database writes: registry import, ledger, delivery audit */
        COMMIT
    }

    private final Map<Stage, LongAdder> nanos = new EnumMap<>(Stage.class);

    public StageClock() {
        for (Stage stage : Stage.values()) {
            nanos.put(stage, new LongAdder());
        }
    }

    public <T> T time(Stage stage, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(stage, System.nanoTime() - start);
        }
    }

    public void time(Stage stage, Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            add(stage, System.nanoTime() - start);
        }
    }

    public void add(Stage stage, long elapsedNanos) {
        nanos.get(stage).add(elapsedNanos);
    }

    public Map<Stage, Duration> totals() {
        Map<Stage, Duration> out = new EnumMap<>(Stage.class);
        nanos.forEach((stage, sum) -> out.put(stage, Duration.ofNanos(sum.sum())));
        return out;
    }

    /** One line: {@code stages (thread time): parse 1.2 s, decide 0.4 s, ...}. */
    public String summary() {
        StringBuilder line = new StringBuilder("stages (summed over threads):");
        totals().forEach((stage, time) -> line.append(' ').append(stage.name().toLowerCase(Locale.ROOT))
                .append(String.format(Locale.ROOT, " %.1f s,", time.toNanos() / 1e9)));
        line.setLength(line.length() - 1);
        return line.toString();
    }
}
