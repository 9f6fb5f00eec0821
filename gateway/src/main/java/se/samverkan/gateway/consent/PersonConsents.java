package se.samverkan.gateway.consent;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What one person who must consent has said, across their consents: for each data category their newest
 * statement, permit or refusal (DOMAIN.md, "Changing one's mind": a guardian who refused may consent later,
 * and a newer refusal ends an older consent, C5); and what explains it when they permit nothing (withdrawn,
 * expired, given for another phase). The flow and recipient are those of the question, so every statement
 * taken is about the same flow and recipient.
 */
final class PersonConsents {

    /**
     * One statement about one category.
     *
     * @param at         when it was made; null for a refusal that does not say (it counts as the newest: fail safe)
     * @param openEnded  its period has no end: as a refusal it ends earlier consent rather than pausing it
     * @param unresolved a refusal that applies only because it names an organisation the registry cannot resolve
     */
    private record Statement(Instant at, boolean permit, boolean openEnded, boolean unresolved) {

        boolean newerThan(Statement other) {
            Instant mine = at == null ? Instant.MAX : at;
            Instant theirs = other.at == null ? Instant.MAX : other.at;
            // on the same moment a refusal wins (C3)
            return mine.isAfter(theirs) || (mine.equals(theirs) && !permit && other.permit);
        }
    }

    private final Map<DataCategory, Statement> newest = new EnumMap<>(DataCategory.class);
    private final Map<DataCategory, Instant> firstPermit = new EnumMap<>(DataCategory.class);
    boolean withdrawn;
    boolean expired;
    boolean otherPhase;

    /** Takes one consent's outcome; says whether it spoke (in force) or explains a lapse, else neither. */
    Spoke take(ConsentFacts facts, ProvisionTree.Outcome outcome) {
        boolean permits = !outcome.permitted().isEmpty();
        switch (facts.standing()) {
            case IN_FORCE -> {
                boolean spoke = false;
                // a refusal counts whenever and in any phase
                for (DataCategory category : outcome.denied()) {
                    offer(category, new Statement(facts.given(), false, facts.openEnded(),
                            !outcome.unresolved().isEmpty()));
                    spoke = true;
                }
                // a permit must show when it was given (C2), and for a phase-bound flow be given in this phase (C6)
                if (permits && facts.phaseMatches() && facts.given() != null) {
                    for (DataCategory category : outcome.permitted()) {
                        offer(category, new Statement(facts.given(), true, facts.openEnded(), false));
                        firstPermit.merge(category, facts.given(), (a, b) -> a.isBefore(b) ? a : b);
                    }
                    return Spoke.IN_FORCE;
                }
                if (permits && !facts.phaseMatches()) {
                    otherPhase = true;
                    return spoke ? Spoke.IN_FORCE : Spoke.LAPSED;
                }
                return spoke ? Spoke.IN_FORCE : Spoke.NOT;
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

    private void offer(DataCategory category, Statement statement) {
        Statement sofar = newest.get(category);
        if (sofar == null || statement.newerThan(sofar)) {
            newest.put(category, statement);
        }
    }

    enum Spoke { IN_FORCE, LAPSED, NOT }

    /** The categories whose newest statement is a permit. */
    Set<DataCategory> permitted() {
        EnumSet<DataCategory> out = EnumSet.noneOf(DataCategory.class);
        newest.forEach((category, s) -> {
            if (s.permit()) {
                out.add(category);
            }
        });
        return out;
    }

    /** The categories whose newest statement is a refusal. */
    Set<DataCategory> denied() {
        EnumSet<DataCategory> out = EnumSet.noneOf(DataCategory.class);
        newest.forEach((category, s) -> {
            if (!s.permit()) {
                out.add(category);
            }
        });
        return out;
    }

    /** Refused all that is asked: their newest word on every category asked is a refusal. */
    boolean refusedAll(Set<DataCategory> asked) {
        return !asked.isEmpty() && denied().containsAll(asked);
    }

    /** The refusal of what is asked holds only through organisations the registry cannot resolve. */
    boolean refusedThroughUnresolved(Set<DataCategory> asked) {
        return asked.stream().map(newest::get).anyMatch(s -> s != null && !s.permit() && s.unresolved());
    }

    /** C5: a newer open-ended refusal replaced a consent this person had given for what is asked. */
    boolean withdrewByRefusal(Set<DataCategory> asked) {
        return asked.stream().anyMatch(category -> {
            Statement s = newest.get(category);
            Instant permitted = firstPermit.get(category);
            return s != null && !s.permit() && s.openEnded() && permitted != null
                    && (s.at() == null || permitted.isBefore(s.at()));
        });
    }
}
