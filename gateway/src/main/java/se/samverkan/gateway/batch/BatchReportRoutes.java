package se.samverkan.gateway.batch;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Looks, every poll interval, for runs whose every record has its answer, and reports them. */
@Component
class BatchReportRoutes extends RouteBuilder {

    private final BatchReporting reporting;
    private final BatchProperties properties;
    private final DatabaseWait database;

    BatchReportRoutes(BatchReporting reporting, BatchProperties properties, DatabaseWait database) {
        this.database = database;
        this.reporting = reporting;
        this.properties = properties;
    }

    @Override
    public void configure() {
        long period = properties.pollInterval().toMillis();
        from("timer:batch-report?delay=" + period + "&period=" + period)
                .routeId("batch-report").routeConfigurationId(GatewayErrorHandling.ID)
                .process(e -> database.poll("the batch reports", () -> {
                    reporting.settleAll();
                    return null;
                }, null));
    }
}
