package se.samverkan.gateway.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.fhir.Systems;

/** Looks up where a recipient's data goes. Unknown recipients have no route: their records are held. */
@Component
public class ParticipantRegistry {

    private final RoutingProperties properties;

    private final Map<String, Participant> participants;

    public ParticipantRegistry(RoutingProperties properties) {
        this.properties = properties;
        Map<String, Participant> byId = new HashMap<>();
        properties.organisations().forEach((id, organisation) -> {
            try {
                byId.put(id, new Participant(id, organisation.name(), ParticipantKind.of(organisation.kind())));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("gateway.routing.organisations." + id + ".kind: " + e.getMessage(), e);
            }
        });
        this.participants = Map.copyOf(byId);
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

    /** The registered participant with this HSA-id or organisationsnummer (as in its certificate). */
    public Optional<Participant> participant(String id) {
        return Optional.ofNullable(participants.get(id));
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
