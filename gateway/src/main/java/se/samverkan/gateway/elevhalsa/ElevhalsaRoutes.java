package se.samverkan.gateway.elevhalsa;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.batch.DatabaseWait;
import se.samverkan.gateway.batch.GatewayErrorHandling;
import se.samverkan.gateway.batch.ReadingInterrupted;
import se.samverkan.gateway.batch.Stopping;
import se.samverkan.gateway.bhv.BatchRejectedException;
import se.samverkan.gateway.bhv.Inboxes;

/**
 * Flows F2-F7 as a batch: elevhälsa exports arrive in their inbox, each is validated whole, then read and
 * accepted record by record; the report is written when the last record is, and the file moves to processed
 * (or, rejected whole, to rejected with its reason).
 */
class ElevhalsaRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(ElevhalsaRoutes.class);
    static final String REPORT = "gwElevhalsaReport";

    private final ElevhalsaBatchService service;
    private final ElevhalsaProperties folders;
    private final BatchProperties schedule;
    private final DatabaseWait database;
    private final Stopping stopping;

    ElevhalsaRoutes(ElevhalsaBatchService service, ElevhalsaProperties folders, BatchProperties schedule,
                    DatabaseWait database, Stopping stopping) {
        this.database = database;
        this.stopping = stopping;
        this.service = service;
        this.folders = folders;
        this.schedule = schedule;
    }

    @Override
    public void configure() {
        // as the BHV inbox: the file waits in .in-progress/ until every record is accepted (a file read again
        // after a crash sends nothing twice: delivery ids are name-based)
        from(Inboxes.uri(folders.inbox(), schedule))
                .routeId("elevhalsa-batch-inbox").routeConfigurationId(GatewayErrorHandling.ID)
                .autoStartup(schedule.watch())
                .process(e -> {
                    Inboxes.acknowledgeTo(e, schedule);
                    e.getIn().setBody(e.getIn().getBody(File.class).toPath());
                })
                .to("direct:elevhalsa-batch");

        from("direct:elevhalsa-batch")
                .routeId("elevhalsa-batch").routeConfigurationId(GatewayErrorHandling.ID)
                // only a bad file is rejected; an interrupted read hands the file back, to be read again whole
                // (what was accepted is not accepted twice: delivery ids are name-based)
                .onException(Exception.class)
                    .onWhen(e -> !(e.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof BatchRejectedException))
                    .handled(true)
                    .process(e -> {
                        Inboxes.handBack(e, folders.inbox());
                        e.setProperty(ReadingInterrupted.HANDED_BACK, true);
                        Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        log.warn("elevhälsa file {} handed back to the inbox, not read to its end: {}",
                                e.getIn().getHeader(Exchange.FILE_NAME_ONLY),
                                ReadingInterrupted.in(cause).map(Exception::getMessage)
                                        .orElse(cause.getClass().getSimpleName()));
                    })
                .end()
                .process(this::read);
    }

    /** Reads the whole file; a file rejected whole is reported and rethrown, so the file moves to rejected. */
    private void read(Exchange e) throws Exception {
        Path file = e.getIn().getBody(Path.class);
        String name = file.getFileName().toString();
        ElevhalsaReport report;
        try (ElevhalsaBatch batch = service.open(file)) {
            report = new ElevhalsaReport(name, batch.header().getBatchId(), service.clock().instant());
            String runId = ElevhalsaBatchService.runId(file);
            while (batch.records().hasNext()) {
                if (stopping.requested()) {
                    throw new ReadingInterrupted("the gateway is stopping");
                }
                var record = batch.records().next();
                report.add(database.call("accepting an elevhälsa record",
                        () -> service.accept(runId, batch.header(), record)));
            }
        } catch (BatchRejectedException rejected) {
            report = new ElevhalsaReport(name, "-", service.clock().instant());
            report.reject(rejected.getMessage());
            report.write(schedule.reports());
            Files.createDirectories(schedule.rejected());
            Files.writeString(schedule.rejected().resolve(name + ".reason.txt"), rejected.getMessage() + "\n");
            log.warn("elevhälsa file {} rejected: {}", name, rejected.getMessage());
            e.setProperty(REPORT, report);
            throw rejected;
        }
        report.write(schedule.reports());
        log.info("elevhälsa file {}: {}", name, report.counts());
        e.setProperty(REPORT, report);
    }
}
