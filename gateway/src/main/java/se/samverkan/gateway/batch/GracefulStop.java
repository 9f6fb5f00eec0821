package se.samverkan.gateway.batch;

import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How long a stop may take: Camel waits up to {@code gateway.batch.shutdown-grace} for the records and deliveries
 * in hand (the readers and the outbox took nothing new since {@link Stopping}), then abandons what is left; a
 * reader's file is handed back and its run stays open either way.
 */
@Configuration(proxyBeanMethods = false)
class GracefulStop {

    @Bean
    CamelContextConfiguration shutdownGrace(BatchProperties properties) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                context.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
                context.getShutdownStrategy().setTimeout(Math.max(1, properties.shutdownGrace().toMillis()));
                context.getShutdownStrategy().setShutdownNowOnTimeout(true);
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }
}
