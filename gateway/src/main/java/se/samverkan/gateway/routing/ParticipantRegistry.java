package se.samverkan.gateway.routing;

import java.util.Optional;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.fhir.Systems;

/** Looks up where a recipient's data goes. Unknown recipients have no route: their records are held. */
@Component
public class ParticipantRegistry {

    private final RoutingProperties properties;

    public ParticipantRegistry(RoutingProperties properties) {
        this.properties = properties;
        properties.schools().keySet().forEach(code -> {
            if (!code.matches("\\d{8}")) {
                throw new IllegalStateException("gateway.routing.schools: '" + code
                        + "' is not a skolenhetskod (8 digits)");
            }
        });
    }

    public Optional<RoutingProperties.School> school(String skolenhetskod) {
        return Optional.ofNullable(properties.schools().get(skolenhetskod));
    }

    /** Whether an organisation, named by identifier system and value, is a registered participant. */
    public boolean knows(String system, String value) {
        if (Systems.SKOLENHETSKOD.equals(system)) {
            return properties.schools().containsKey(value);
        }
        if (Systems.HSA_ID.equals(system) || Systems.HSA_ID_RIVTA.equals(system)
                || Systems.ORGANISATIONSNUMMER.equals(system)) {
            return properties.organisations().containsKey(value);
        }
        return false;
    }
}
