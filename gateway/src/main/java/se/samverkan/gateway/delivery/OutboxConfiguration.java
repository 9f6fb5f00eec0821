package se.samverkan.gateway.delivery;

import java.time.Clock;
import java.util.Random;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.samverkan.gateway.GatewayInstance;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.batch.StageClock;
import se.samverkan.gateway.batch.Stopping;
import org.springframework.beans.factory.DisposableBean;
import se.samverkan.gateway.batch.TransferLedger;
import se.samverkan.gateway.consent.ConsentGate;

/** Wires the outbox: its claim, its retry policy, the delivery route, and the send timeouts. */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OutboxConfiguration.class);

    @Bean
    Claim outboxClaim(GatewayInstance instance, OutboxProperties properties) {
        return new Claim(instance.name(), instance.incarnation(), properties.lease());
    }

    @Bean
    RetryPolicy retryPolicy(OutboxProperties properties) {
        return new RetryPolicy(properties.backoffInitial(), properties.backoffMax(), properties.maxAttempts(),
                new Random());
    }

    @Bean
    OutboxDelivery outboxDelivery(Outbox outbox, TransferLedger ledger, AuditTrail audit, ConsentGate gate,
                                  RetryPolicy policy, Claim claim, Clock clock,
                                  org.springframework.beans.factory.ObjectProvider<Circumstances> circumstances) {
        return new OutboxDelivery(outbox, ledger, audit, gate, policy, claim, clock,
                circumstances.getIfAvailable(() -> Circumstances.NONE));
    }

    @Bean
    OutboxRoutes outboxRoutes(Outbox outbox, OutboxDelivery delivery, OutboxProperties properties,
                              StageClock stages, Stopping stopping, se.samverkan.gateway.batch.DatabaseWait database) {
        return new OutboxRoutes(outbox, delivery, properties, stages, stopping, database);
    }

    /**
     * At a stop, once Camel has finished (or, at the end of the grace, abandoned) the sends in hand: what this
     * process still holds is released at once, so another instance sends it now rather than at lease end. A send
     * abandoned in flight may have landed: it comes again under the same delivery id (the de-duplication contract).
     */
    @Bean
    DisposableBean outboxClaimsReleasedAtStop(Outbox outbox, Claim claim) {
        return () -> {
            try {
                int released = outbox.releaseClaims(claim);
                if (released > 0) {
                    log.warn("outbox: {} deliveries this instance held at its stop are released for any instance",
                            released);
                }
            } catch (RuntimeException e) {
                log.warn("outbox: claims could not be released at the stop ({}); they are free at lease end or when"
                        + " another instance sees this one gone", e.getClass().getSimpleName());
            }
        };
    }

    /**
     * Before any route runs: the claims of this instance's killed predecessor are released (it sends nothing
     * more), and sends over http(s) get their time limits: no answer in time is a failed attempt, retried.
     */
    @Bean
    CamelContextConfiguration outboxStart(Outbox outbox, Claim claim, OutboxProperties properties) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                long millis = properties.timeout().toMillis();
                for (String scheme : new String[] {"http", "https"}) {
                    HttpComponent http = context.getComponent(scheme, HttpComponent.class);
                    http.setConnectTimeout(millis);
                    http.setConnectionRequestTimeout(millis);
                    http.setResponseTimeout(millis);
                    http.setSoTimeout(millis);
                }
                int released = outbox.releaseEarlierClaims(claim);
                if (released > 0) {
                    log.warn("outbox: {} deliveries were in flight when this instance last stopped; they are sent"
                            + " again under the same delivery ids", released);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }
}
