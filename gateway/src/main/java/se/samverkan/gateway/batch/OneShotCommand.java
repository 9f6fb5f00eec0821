package se.samverkan.gateway.batch;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

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

    private final ProducerTemplate template;
    private final BatchReportWriter reports;
    private final BatchReporting reporting;

    public OneShotCommand(ProducerTemplate template, BatchReportWriter reports, BatchReporting reporting) {
        this.template = template;
        this.reports = reports;
        this.reporting = reporting;
    }

    public int run(Path file, PrintStream out) {
        if (!Files.isRegularFile(file)) {
            out.println("no such batch file: " + file);
            return NO_SUCH_FILE;
        }
        Exchange exchange = template.send("direct:bhv-batch", e -> e.getIn().setBody(file));
        BatchRun started = exchange.getProperty(BatchRun.EXCHANGE_PROPERTY, BatchRun.class);
        if (started == null) {
            out.println("batch could not be started: " + exchange.getException());
            return FILE_REJECTED;
        }
        // every first attempt ends within the send timeout; a day is a bound for the pathological
        BatchRun run = reporting.await(started.runId(), Duration.ofDays(1));
        out.print(reports.text(run));
        if (run.rejection() != null) {
            return FILE_REJECTED;
        }
        return run.hasFailures() ? SOME_RECORDS_FAILED : OK;
    }
}
