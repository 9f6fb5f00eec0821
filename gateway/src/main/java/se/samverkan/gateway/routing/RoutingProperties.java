package se.samverkan.gateway.routing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The participant registry: the school units, keyed by skolenhetskod, with the endpoint of their EMI
 * (school health service) system. An endpoint is a Camel URI: {@code file:var/outbox/12345678} for a
 * folder per school, or {@code https://emi.example/fhir} for the school's FHIR server.
 */
@Validated
@ConfigurationProperties("gateway.routing")
public record RoutingProperties(Map<String, @Valid School> schools) {

    public RoutingProperties {
        schools = schools == null ? Map.of() : Map.copyOf(schools);
    }

    public record School(String name, @NotBlank String emiEndpoint) {
    }
}
