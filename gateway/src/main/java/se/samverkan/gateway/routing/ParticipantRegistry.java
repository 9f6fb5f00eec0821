package se.samverkan.gateway.routing;

import java.util.Optional;
import org.springframework.stereotype.Component;

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
}
