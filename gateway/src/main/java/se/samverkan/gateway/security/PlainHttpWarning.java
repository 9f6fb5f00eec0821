package se.samverkan.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says loudly when the FHIR face runs without TLS: acceptable for the embedded quick start only. */
@Component
class PlainHttpWarning implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(PlainHttpWarning.class);

    private final Environment environment;

    PlainHttpWarning(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (plain(environment)) {
            log.warn("*** FHIR face on PLAIN HTTP at http://{}:{}/fhir: development only, no client certificates."
                    + " Do not expose this port. ***", environment.getProperty("server.address", "0.0.0.0"),
                    event.getWebServer().getPort());
        }
    }

    /** TLS is on when an SSL bundle or key store is configured, unless server.ssl.enabled says false. */
    static boolean plain(Environment environment) {
        boolean configured = environment.containsProperty("server.ssl.bundle")
                || environment.containsProperty("server.ssl.key-store");
        return !configured || !environment.getProperty("server.ssl.enabled", Boolean.class, true);
    }
}
