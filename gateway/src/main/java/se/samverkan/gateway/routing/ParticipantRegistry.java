package se.samverkan.gateway.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Systems;

/** Looks up where a recipient's data goes. Unknown recipients have no route: their records are held. */
@Component
public class ParticipantRegistry {

    private final RoutingProperties properties;

    private final Map<String, Participant> participants;

    /** kommunkod to the HSA-id or organisationsnummer of that municipality's social services intake unit. */
    private final Map<String, String> intakeUnits;

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
        Map<String, String> intake = new HashMap<>();
        properties.organisations().forEach((id, organisation) -> {
            String code = organisation.municipality();
            if (code == null || code.isBlank()) {
                return;
            }
            if (!code.matches("\\d{4}") || byId.get(id).kind() != ParticipantKind.SOCIAL_SERVICES) {
                throw new IllegalStateException("gateway.routing.organisations." + id + ".municipality: '" + code
                        + "' must be a kommunkod (4 digits) of a social-services participant");
            }
            String other = intake.put(code, id);
            if (other != null) {
                throw new IllegalStateException("gateway.routing: municipality " + code + " has two intake units, "
                        + other + " and " + id + "; name one");
            }
        });
        this.intakeUnits = Map.copyOf(intake);
        properties.schools().keySet().forEach(code -> {
            if (!code.matches("\\d{8}")) {
                throw new IllegalStateException("gateway.routing.schools: '" + code
                        + "' is not a skolenhetskod (8 digits)");
            }
        });
    }

    /** Whether the participant's payloads must be signed ({@code require-signature}). */
    public boolean requiresSignature(String id) {
        RoutingProperties.Organisation organisation = properties.organisations().get(id);
        return organisation != null && organisation.requireSignature();
    }

    public Optional<RoutingProperties.School> school(String skolenhetskod) {
        return Optional.ofNullable(properties.schools().get(skolenhetskod));
    }

    /** The registered participant with this HSA-id or organisationsnummer (as in its certificate). */
    public Optional<Participant> participant(String id) {
        return Optional.ofNullable(participants.get(id));
    }

    /**
     * Where something addressed to this organisation goes: a registered participant with an endpoint, a
     * school unit's elevhälsa (EMI), or the intake unit of a municipality (C8). Empty: no route.
     */
    public Optional<Route> route(OrganisationId recipient) {
        String value = recipient.value();
        return switch (recipient.system()) {
            case Systems.SKOLENHETSKOD -> school(value).map(s -> new Route(recipient, recipient, s.emiEndpoint()));
            case Systems.KOMMUNKOD -> Optional.ofNullable(intakeUnits.get(value)).flatMap(id -> organisation(id))
                    .map(r -> new Route(recipient, r.participant(), r.endpoint()));
            case Systems.HSA_ID, Systems.ORGANISATIONSNUMMER -> organisation(value);
            default -> Optional.empty();
        };
    }

    private Optional<Route> organisation(String id) {
        RoutingProperties.Organisation organisation = properties.organisations().get(id);
        if (organisation == null || organisation.endpoint() == null || organisation.endpoint().isBlank()) {
            return Optional.empty();
        }
        OrganisationId named = OrganisationId.ofParticipant(id);
        return Optional.of(new Route(named, named, organisation.endpoint()));
    }

    /**
     * Whether a caller (a registered participant) may speak as this sender: it is the sender, or it is the
     * school principal whose elevhälsa system serves that school unit.
     */
    public boolean speaksFor(Participant caller, OrganisationId sender) {
        if (sender.value().equals(caller.id()) && !Systems.SKOLENHETSKOD.equals(sender.system())
                && !Systems.KOMMUNKOD.equals(sender.system())) {
            return true;
        }
        RoutingProperties.Organisation organisation = properties.organisations().get(caller.id());
        return Systems.SKOLENHETSKOD.equals(sender.system()) && organisation != null
                && organisation.schoolUnits().contains(sender.value());
    }

    /**
     * Where something goes.
     *
     * @param addressed   the recipient as the sender named it (a kommunkod, for a report of concern)
     * @param participant the organisation that receives it (the intake unit, for a kommunkod)
     * @param endpoint    a Camel URI
     */
    public record Route(OrganisationId addressed, OrganisationId participant, String endpoint) {
    }

    /**
     * The participant an identifier names: an HSA-id (either OID) or organisationsnummer it is registered under,
     * a school unit its elevhälsa system speaks for, or the municipality whose intake unit it is. Empty when no
     * registered participant answers to it.
     */
    public Optional<Participant> resolve(String system, String value) {
        if (system == null || value == null) {
            return Optional.empty();
        }
        return switch (system) {
            case Systems.HSA_ID, Systems.HSA_ID_RIVTA, Systems.ORGANISATIONSNUMMER -> participant(value);
            case Systems.KOMMUNKOD -> Optional.ofNullable(intakeUnits.get(value)).flatMap(this::participant);
            case Systems.SKOLENHETSKOD -> properties.organisations().entrySet().stream()
                    .filter(e -> e.getValue().schoolUnits().contains(value)).findFirst()
                    .flatMap(e -> participant(e.getKey()));
            default -> Optional.empty();
        };
    }

    /** The kommunkod whose intake unit this participant is, if it is one. */
    public Optional<String> municipalityOf(Participant participant) {
        return intakeUnits.entrySet().stream().filter(e -> e.getValue().equals(participant.id()))
                .map(Map.Entry::getKey).findFirst();
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
