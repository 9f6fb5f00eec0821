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

    /**
     * One participant.
     *
     * @param kind         bhv, bup, school-principal or social-services ({@link ParticipantKind})
     * @param endpoint     where what is sent to it goes (a Camel URI, as for schools); none: nothing can be
     *                     routed to it, and what is addressed to it is held (no route)
     * @param municipality for a social services intake unit: the kommunkod (4 digits) whose reports of
     *                     concern it receives (C8)
     * @param schoolUnits  for a school principal: the school units (skolenhetskod) its elevhälsa system
     *                     speaks for, as sender and as recipient
     * @param organisationsnummer for a participant keyed by HSA-id: its organisationsnummer (10 digits), so that
     *                     a consent naming it so names the same participant
     * @param hsaId        for a participant keyed by organisationsnummer: its HSA-id, likewise
     * @param requireSignature every body it sends to the gateway must carry its signature
     *                     ({@code X-Samverkan-Signature}); unsigned ones get 403 GW-6009. Default false
     */
    public record Organisation(@NotBlank String name, @NotBlank String kind, String endpoint, String municipality,
                               java.util.List<String> schoolUnits, String organisationsnummer, String hsaId,
                               Boolean requireSignature) {

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Organisation {
            schoolUnits = schoolUnits == null ? java.util.List.of() : java.util.List.copyOf(schoolUnits);
            requireSignature = requireSignature != null && requireSignature;
        }

        public Organisation(String name, String kind, String endpoint, String municipality,
                            java.util.List<String> schoolUnits) {
            this(name, kind, endpoint, municipality, schoolUnits, null, null, null);
        }

        public Organisation(String name, String kind, String endpoint, String municipality,
                            java.util.List<String> schoolUnits, String organisationsnummer, String hsaId) {
            this(name, kind, endpoint, municipality, schoolUnits, organisationsnummer, hsaId, null);
        }
    }
}
