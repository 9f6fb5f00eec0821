package se.samverkan.gateway.instances;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.batch.DatabaseWait;
import se.samverkan.gateway.batch.GatewayErrorHandling;

/** Beats every {@code gateway.heartbeat.interval}, and takes over the instances found gone. */
@Component
class HeartbeatRoutes extends RouteBuilder {

    private final Heartbeat heartbeat;
    private final HeartbeatProperties properties;
    private final DatabaseWait database;

    HeartbeatRoutes(Heartbeat heartbeat, HeartbeatProperties properties, DatabaseWait database) {
        this.heartbeat = heartbeat;
        this.properties = properties;
        this.database = database;
    }

    @Override
    public void configure() {
        long period = properties.interval().toMillis();
        from("timer:instance-heartbeat?delay=" + period + "&period=" + period)
                .routeId("instance-heartbeat").routeConfigurationId(GatewayErrorHandling.ID)
                .process(e -> database.poll("the heartbeat", () -> {
                    heartbeat.beat();
                    return null;
                }, null));
    }
}
