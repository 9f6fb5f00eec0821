package se.samverkan.gateway.batch;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.validation.ProfileValidator;

/**
 * Runs one batch file through the same routes as the inbox, for schedulers that are not the gateway's, and
 * prints its report once every record has its answer (a delivery that failed is then still waiting for a
 * retry in the outbox; the gateway's service sends it).
 */
@Component
public class OneShotCommand {

    public static final int OK = 0;
    public static final int SOME_RECORDS_FAILED = 1;
    public static final int FILE_REJECTED = 2;
    public static final int NO_SUCH_FILE = 66;
    /** Reading stopped before the end (stopping, the database away): run the file again to resume it. */
    public static final int INTERRUPTED = 75;

    private final ProducerTemplate template;
    private final BatchReportWriter reports;
    private final BatchReporting reporting;
    private final StageClock stages;
    private final ProfileValidator validator;
    private final java.util.List<ExportRunner> others;

    public OneShotCommand(ProducerTemplate template, BatchReportWriter reports, BatchReporting reporting,
                          StageClock stages, ProfileValidator validator, java.util.List<ExportRunner> others) {
        this.others = others;
        this.template = template;
        this.reports = reports;
        this.reporting = reporting;
        this.stages = stages;
        this.validator = validator;
    }

    public int run(Path file, PrintStream out) {
        if (!Files.isRegularFile(file)) {
            out.println("no such batch file: " + file);
            return NO_SUCH_FILE;
        }
        for (ExportRunner other : others) {
            if (other.reads(file)) {
                return other.run(file, out);
            }
        }
        Exchange exchange = template.send("direct:bhv-batch", e -> e.getIn().setBody(file));
        BatchRun started = exchange.getProperty(BatchRun.EXCHANGE_PROPERTY, BatchRun.class);
        if (started == null) {
            out.println("batch could not be started: " + exchange.getException());
            return FILE_REJECTED;
        }
        if (Boolean.TRUE.equals(exchange.getProperty(ReadingInterrupted.HANDED_BACK, Boolean.class))) {
            out.println("batch " + file.getFileName() + " was not read to its end; run it again to resume it");
            return INTERRUPTED;
        }
        // every first attempt ends within the send timeout; a day is a bound for the pathological
        BatchRun run = reporting.await(started.runId(), Duration.ofDays(1));
        out.print(reports.text(run));
        out.println(stages.summary());
        out.println(validator.fastPathReport());
        out.printf(Locale.ROOT, "peak heap: %d MiB%n", peakHeapBytes() >> 20);
        if (run.rejection() != null) {
            return FILE_REJECTED;
        }
        return run.hasFailures() ? SOME_RECORDS_FAILED : OK;
    }

    /** The sum of the heap pools' peaks since the start (an upper bound of the heap ever in use at once). */
    static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }
}
