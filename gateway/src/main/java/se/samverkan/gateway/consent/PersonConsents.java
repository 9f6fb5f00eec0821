package se.samverkan.gateway.consent;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one person who must consent has said, across their consents: the categories they permit and
 * deny, and what explains it when they permit nothing (withdrawn, expired, given for another phase).
 */
final class PersonConsents {

    final EnumSet<DataCategory> permitted = EnumSet.noneOf(DataCategory.class);
    final EnumSet<DataCategory> denied = EnumSet.noneOf(DataCategory.class);
    /** Denied by refusals that name only organisations the registry knows (or none). */
    final EnumSet<DataCategory> deniedResolved = EnumSet.noneOf(DataCategory.class);
    boolean withdrawn;
    boolean expired;
    boolean otherPhase;
    private Instant firstPermit;
    private Instant lastRefusal; // of refusals without end, which withdraw what came before (C5)

    /** Takes one consent's outcome; says whether it spoke (in force) or explains a lapse, else neither. */
    Spoke take(ConsentFacts facts, ProvisionTree.Outcome outcome, Set<DataCategory> asked) {
        boolean permits = !outcome.permitted().isEmpty();
        switch (facts.standing()) {
            case IN_FORCE -> {
                Spoke spoke = Spoke.NOT;
                if (!outcome.denied().isEmpty()) {
                    denied.addAll(outcome.denied());
                    if (outcome.unresolved().isEmpty()) {
                        deniedResolved.addAll(outcome.denied());
                    }
                    spoke = Spoke.IN_FORCE;
                    boolean refusesAll = outcome.denied().containsAll(asked) && facts.openEnded();
                    if (refusesAll && later(facts.given(), lastRefusal)) {
                        lastRefusal = facts.given();
                    }
                }
                // a permit must show when it was given (C2); a refusal counts whenever and in any phase
                if (permits && facts.phaseMatches() && facts.given() != null) {
                    permitted.addAll(outcome.permitted());
                    if (firstPermit == null || facts.given().isBefore(firstPermit)) {
                        firstPermit = facts.given();
                    }
                    return Spoke.IN_FORCE;
                }
                if (permits && !facts.phaseMatches()) {
                    otherPhase = true;
                    return spoke == Spoke.IN_FORCE ? spoke : Spoke.LAPSED;
                }
                return spoke;
            }
            // what would have permitted, had it not lapsed, explains a denial (C5, C2)
            case WITHDRAWN -> withdrawn |= permits;
            case EXPIRED -> expired |= permits;
            default -> {
                return Spoke.NOT;
            }
        }
        return permits ? Spoke.LAPSED : Spoke.NOT;
    }

    enum Spoke { IN_FORCE, LAPSED, NOT }

    /** Refused all that is asked: with a refusal, or (C5) a later open-ended refusal replacing a consent. */
    boolean refusedAll(Set<DataCategory> asked) {
        return !asked.isEmpty() && denied.containsAll(asked);
    }

    /** The refusal of all that is asked holds only through organisations the registry cannot resolve. */
    boolean refusedThroughUnresolved(Set<DataCategory> asked) {
        return !deniedResolved.containsAll(asked);
    }

    boolean withdrewByRefusal() {
        return firstPermit != null && lastRefusal != null && firstPermit.isBefore(lastRefusal);
    }

    private static boolean later(Instant given, Instant sofar) {
        return given != null && (sofar == null || given.isAfter(sofar));
    }
}
