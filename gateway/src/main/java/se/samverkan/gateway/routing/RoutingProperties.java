package se.samverkan.gateway.routing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The participant registry. {@code schools}: the school units, keyed by skolenhetskod, with the
 * endpoint of their EMI (school health service) system; an endpoint is a Camel URI:
 * {@code file:var/outbox/12345678} for a folder per school, or {@code https://emi.example/fhir} for the
 * school's FHIR server. {@code organisations}: the other participants (BHV units, BUP clinics, social
 * services, principals), keyed by HSA-id or organisationsnummer.
 */
@Validated
@ConfigurationProperties("gateway.routing")
public record RoutingProperties(Map<String, @Valid School> schools, Map<String, @Valid Organisation> organisations) {

    public RoutingProperties {
        schools = schools == null ? Map.of() : Map.copyOf(schools);
        organisations = organisations == null ? Map.of() : Map.copyOf(organisations);
    }

    public record School(String name, @NotBlank String emiEndpoint) {
    }

    /** kind: bhv, bup, school-principal or social-services ({@link ParticipantKind}). */
    public record Organisation(@NotBlank String name, @NotBlank String kind) {
    }
}
