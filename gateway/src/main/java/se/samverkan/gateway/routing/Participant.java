package se.samverkan.gateway.routing;

/** A registered participant: an organisation by HSA-id or organisationsnummer, with its name and sector. */
public record Participant(String id, String name, ParticipantKind kind) {
}
