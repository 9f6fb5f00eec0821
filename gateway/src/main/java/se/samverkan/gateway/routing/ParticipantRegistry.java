package se.samverkan.gateway.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Systems;

/**
 * The registered participants, and where a recipient's data goes. Unknown recipients have no route: their
 * records are held.
 *
 * <p>A participant is one organisation with several identifiers (DOMAIN.md, "Who is named"): the HSA-id or
 * organisationsnummer it is registered under (the HSA-id in either OID), the other of the two if configured,
 * the skolenhetskoder of the school units it runs, and, for an intake unit, the kommunkod it serves.
 * {@link #resolve} turns any of them into the participant; {@link #sameParticipant} is the comparison the
 * consent decision makes. A school unit in {@code gateway.routing.schools} that no registered principal runs
 * stands for itself (a participant whose id is its skolenhetskod).
 */
@Component
public class ParticipantRegistry {

    private final RoutingProperties properties;

    private final Map<String, Participant> participants;

    /** Every identifier (canonical system) of every participant. */
    private final Map<OrganisationId, Participant> byIdentifier;

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
        this.byIdentifier = Map.copyOf(identifiers(properties, byId, intake));
    }

    private static Map<OrganisationId, Participant> identifiers(RoutingProperties properties,
                                                                Map<String, Participant> byId,
                                                                Map<String, String> intake) {
        Map<OrganisationId, Participant> out = new HashMap<>();
        properties.organisations().forEach((id, organisation) -> {
            Participant participant = byId.get(id);
            claim(out, OrganisationId.ofParticipant(id), participant);
            String where = "gateway.routing.organisations." + id;
            if (organisation.organisationsnummer() != null && !organisation.organisationsnummer().isBlank()) {
                if (!organisation.organisationsnummer().trim().matches("\\d{10}")) {
                    throw new IllegalStateException(where + ".organisationsnummer: 10 digits");
                }
                claim(out, OrganisationId.organisationsnummer(organisation.organisationsnummer()), participant);
            }
            if (organisation.hsaId() != null && !organisation.hsaId().isBlank()) {
                claim(out, OrganisationId.hsaId(organisation.hsaId()), participant);
            }
            for (String unit : organisation.schoolUnits()) {
                claim(out, OrganisationId.skolenhetskod(unit), participant);
            }
        });
        intake.forEach((code, id) -> claim(out, OrganisationId.kommunkod(code), byId.get(id)));
        properties.schools().forEach((code, school) -> out.putIfAbsent(OrganisationId.skolenhetskod(code),
                new Participant(code, school.name() == null ? code : school.name(), ParticipantKind.SCHOOL_PRINCIPAL)));
        return out;
    }

    private static void claim(Map<OrganisationId, Participant> out, OrganisationId identifier, Participant participant) {
        Participant other = out.put(identifier, participant);
        if (other != null && !other.id().equals(participant.id())) {
            throw new IllegalStateException("gateway.routing: " + identifier.system() + "|" + identifier.value()
                    + " names two participants, " + other.id() + " and " + participant.id());
        }
    }

    /**
     * The participant an identifier names: any of its identifiers, the HSA-id in either OID. Empty: the
     * registry does not know it (an unresolved identifier, which a refusal still applies to).
     */
    public Optional<Participant> resolve(String system, String value) {
        if (system == null || value == null || system.isBlank() || value.isBlank()) {
            return Optional.empty();
        }
        return resolve(OrganisationId.of(system, value));
    }

    public Optional<Participant> resolve(OrganisationId identifier) {
        return Optional.ofNullable(byIdentifier.get(Objects.requireNonNull(identifier, "identifier")));
    }

    /**
     * Whether two identifiers name the same participant. Two different school units (or municipalities) are
     * never the same, even when one principal runs both: a consent naming one school unit does not reach
     * another. Naming the principal reaches every unit it runs. An identifier the registry does not know is
     * the same only as itself.
     */
    public boolean sameParticipant(OrganisationId a, OrganisationId b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.system().equals(b.system()) && exact(a.system())) {
            return false;
        }
        Optional<Participant> first = resolve(a);
        Optional<Participant> second = resolve(b);
        return first.isPresent() && second.isPresent() && first.get().id().equals(second.get().id());
    }

    /** Systems whose values each name one unit: a different value is a different unit, known or not. */
    public static boolean exact(String system) {
        return Systems.SKOLENHETSKOD.equals(system) || Systems.KOMMUNKOD.equals(system);
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

    /** The kommunkod whose intake unit this participant is, if it is one. */
    public Optional<String> municipalityOf(Participant participant) {
        return intakeUnits.entrySet().stream().filter(e -> e.getValue().equals(participant.id()))
                .map(Map.Entry::getKey).findFirst();
    }

    /** Whether an organisation, named by identifier system and value, is a registered participant ({@link #resolve}). */
    public boolean knows(String system, String value) {
        return resolve(system, value).isPresent();
    }
}
