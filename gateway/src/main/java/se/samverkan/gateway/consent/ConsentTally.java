package se.samverkan.gateway.consent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the consents of everyone who must consent add up to (C1, C3, C4, C5, C11): every one must permit,
 * any one's refusal wins, and only what every one permits (less what any one denies) goes. Per person the
 * newest statement counts ({@link PersonConsents}); across persons deny wins.
 */
final class ConsentTally {

    private final Consenters consenters;
    private final Set<DataCategory> asked;
    private final Map<String, PersonConsents> persons = new LinkedHashMap<>();
    private final Set<String> spoke = new LinkedHashSet<>();
    private final Set<String> lapsed = new LinkedHashSet<>();
    /** Consents that would permit, from persons whose consent does not count (C4). */
    private final Set<String> uncounted = new LinkedHashSet<>();
    private boolean uncountedByChild;
    private final Set<String> notes = new LinkedHashSet<>();

    /**
     * @param asked what the flow carries of the request; for a payload with no category (a notice), all the
     *              flow carries, and every consent must reach some of it
     */
    ConsentTally(Consenters consenters, Set<DataCategory> asked) {
        this.consenters = consenters;
        this.asked = asked;
        consenters.required().forEach(p -> persons.put(p, new PersonConsents()));
    }

    void add(ConsentFacts facts, Set<String> performers, ProvisionTree.Outcome outcome) {
        if (facts.standing() == ConsentFacts.Standing.IN_FORCE) {
            new TreeSet<>(outcome.unresolved()).forEach(id -> notes.add("unresolved: " + id + " in "
                    + facts.ref() + " is no registered participant; its refusal applies (fail safe)"));
        }
        for (String person : performers) {
            switch (persons.get(person).take(facts, outcome)) {
                case IN_FORCE -> spoke.add(facts.ref());
                case LAPSED -> lapsed.add(facts.ref());
                case NOT -> { }
            }
        }
    }

    /** A consent in force that would permit, given only by persons whose consent does not count (C4). */
    void uncounted(ConsentFacts facts, ProvisionTree.Outcome outcome, boolean byTheChild) {
        if (facts.standing() == ConsentFacts.Standing.IN_FORCE && !outcome.permitted().isEmpty()) {
            uncounted.add(facts.ref());
            uncountedByChild |= byTheChild;
        }
    }

    /** Something the decision should say about a consent it read but could not use. */
    void note(String note) {
        if (note != null) {
            notes.add(note);
        }
    }

    Decision verdict(Set<DataCategory> requested, FlowRule flow) {
        return judge(requested, flow).withNotes(List.copyOf(notes));
    }

    private Decision judge(Set<DataCategory> requested, FlowRule flow) {
        List<String> spokeRefs = List.copyOf(spoke);
        for (Map.Entry<String, PersonConsents> entry : persons.entrySet()) {
            PersonConsents person = entry.getValue();
            if (person.refusedAll(asked)) {
                if (person.refusedThroughUnresolved(asked)) {
                    return Verdicts.refusedUnresolved(spokeRefs);
                }
                return person.withdrewByRefusal(asked) ? Verdicts.withdrawn(true, spokeRefs)
                        : Verdicts.refused(consenters.adult() && consenters.isChild(entry.getKey()), spokeRefs);
            }
        }
        List<PersonConsents> lacking = persons.values().stream().filter(p -> p.permitted().isEmpty()).toList();
        if (!lacking.isEmpty()) {
            return lacking(lacking);
        }
        EnumSet<DataCategory> permitted = EnumSet.noneOf(DataCategory.class);
        permitted.addAll(asked);
        boolean partlyDenied = false;
        for (PersonConsents person : persons.values()) {
            permitted.retainAll(person.permitted());
            partlyDenied |= person.denied().stream().anyMatch(asked::contains);
        }
        if (permitted.isEmpty()) {
            return Verdicts.coversNone(partlyDenied, considered());
        }
        if (requested.isEmpty()) {
            permitted.clear();
        }
        Set<String> rules = new TreeSet<>(List.of("C2", "C4"));
        if (partlyDenied) {
            rules.add("C3");
        }
        if (flow.phaseBound()) {
            rules.add("C6");
        }
        if (!permitted.equals(requested)) {
            rules.add("C11");
        }
        return Verdicts.byConsent(permitted, rules, spokeRefs);
    }

    /** Every consent the denial weighed: those in force, those that lapsed, those whose givers do not count. */
    private List<String> considered() {
        Set<String> refs = new LinkedHashSet<>(spoke);
        refs.addAll(lapsed);
        refs.addAll(uncounted);
        return List.copyOf(refs);
    }

    /** Someone who must consent permits nothing: say why, most telling reason first. */
    private Decision lacking(List<PersonConsents> lacking) {
        List<String> refs = new ArrayList<>(lapsed);
        spoke.stream().filter(r -> !refs.contains(r)).forEach(refs::add);
        uncounted.stream().filter(r -> !refs.contains(r)).forEach(refs::add);
        if (lacking.stream().anyMatch(p -> p.withdrawn)) {
            return Verdicts.withdrawn(false, refs);
        }
        if (lacking.stream().anyMatch(p -> p.expired)) {
            return Verdicts.expired(refs);
        }
        if (lacking.stream().anyMatch(p -> p.otherPhase)) {
            return Verdicts.otherPhase(refs);
        }
        if (!uncounted.isEmpty() && lacking.size() == persons.size()) {
            // C4: there is consent on record, but from persons who do not decide for this child now
            return Verdicts.notTheirsToGive(consenters.adult(), uncountedByChild, refs);
        }
        if (lacking.size() == persons.size()) {
            return Verdicts.noConsent(refs);
        }
        boolean childMissing = persons.entrySet().stream()
                .anyMatch(e -> consenters.isChild(e.getKey()) && e.getValue().permitted().isEmpty());
        return Verdicts.notEveryone(persons.size() - lacking.size(), persons.size(), childMissing, refs);
    }
}
