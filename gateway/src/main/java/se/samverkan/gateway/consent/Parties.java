package se.samverkan.gateway.consent;

import java.util.Optional;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.routing.ParticipantRegistry;

/**
 * Whether an organisation a provision names is the party asked about, compared as participants (DOMAIN.md,
 * "Who is named"): any identifier of the participant names it, one that resolves to another participant
 * names someone else, and one the registry cannot resolve leaves it open (a permit then does not apply, a
 * refusal does, and the decision reports the identifier as unresolved).
 */
final class Parties {

    enum Named { YES, NO, UNRESOLVED }

    private final ParticipantRegistry registry;

    Parties(ParticipantRegistry registry) {
        this.registry = registry;
    }

    Named names(OrganisationId named, OrganisationId asked) {
        if (registry.sameParticipant(named, asked)) {
            return Named.YES;
        }
        if (named.system().equals(asked.system()) && ParticipantRegistry.exact(named.system())) {
            return Named.NO;
        }
        Optional<Participant> participant = registry.resolve(named);
        if (participant.isEmpty()) {
            return Named.UNRESOLVED;
        }
        // a registered participant that is not the one asked about (an unregistered party has no other name)
        return Named.NO;
    }
}
