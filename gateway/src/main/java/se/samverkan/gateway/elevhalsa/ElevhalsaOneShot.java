package se.samverkan.gateway.elevhalsa;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.batch.ExportRunner;
import se.samverkan.gateway.batch.OneShotCommand;

/**
 * {@code gateway.jar once FILE} for an elevhälsa export: runs it through the same route as its inbox, waits until
 * every queued delivery has had its first attempt, and prints the report and how the deliveries stand.
 */
class ElevhalsaOneShot implements ExportRunner {

    static final String ROOT = "urn:samverkan:elevhalsa-export:1";

    private final ProducerTemplate template;
    private final JdbcClient jdbc;

    ElevhalsaOneShot(ProducerTemplate template, JdbcClient jdbc) {
        this.template = template;
        this.jdbc = jdbc;
    }

    /** The export's namespace within its first few KiB (the reader checks the whole file against the schema). */
    @Override
    public boolean reads(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1).contains(ROOT);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public int run(Path file, PrintStream out) {
        Exchange done = template.send("direct:elevhalsa-batch", e -> e.getIn().setBody(file));
        ElevhalsaReport report = done.getProperty(ElevhalsaRoutes.REPORT, ElevhalsaReport.class);
        if (report == null || done.getException() != null) {
            out.print(report == null ? "file could not be read: " + done.getException() + "\n" : report.text());
            return OneShotCommand.FILE_REJECTED;
        }
        String run = ElevhalsaBatchService.runId(file);
        long deadline = System.nanoTime() + Duration.ofDays(1).toNanos();
        while (unanswered(run) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        out.print(report.text());
        out.println("deliveries now: " + jdbc.sql("select status, count(*) n from outbox where run_id = ?"
                        + " group by status order by status").param(run)
                .query((rs, n) -> rs.getString("status").toLowerCase() + " " + rs.getInt("n")).list());
        boolean bad = report.lines().stream().anyMatch(l -> "refused".equals(l.result()))
                || jdbc.sql("select count(*) from outbox where run_id = ? and (status = 'PARKED' or"
                        + " (status = 'PENDING' and last_code is not null))").param(run).query(Long.class).single() > 0;
        return bad ? OneShotCommand.SOME_RECORDS_FAILED : OneShotCommand.OK;
    }

    private long unanswered(String run) {
        return jdbc.sql("select count(*) from outbox where run_id = ? and status = 'PENDING' and last_code is null")
                .param(run).query(Long.class).single();
    }
}
