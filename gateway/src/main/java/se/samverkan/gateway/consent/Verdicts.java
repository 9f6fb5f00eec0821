package se.samverkan.gateway.consent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import se.samverkan.gateway.consent.Decision.Obligation;

/**
 * Every decision the gate can make, under its stable code (the table is in package-info). Reasons are
 * for a person to read and never name anyone.
 */
final class Verdicts {

    private static final Comparator<String> BY_RULE_NUMBER =
            Comparator.comparingInt(r -> Integer.parseInt(r.substring(1)));

    private Verdicts() {
    }

    static List<String> rules(Collection<String> ids) {
        TreeSet<String> sorted = new TreeSet<>(BY_RULE_NUMBER);
        sorted.addAll(ids);
        return List.copyOf(sorted);
    }

    static Decision byConsent(Set<DataCategory> permitted, Collection<String> rules, List<String> refs) {
        return new Decision(true, permitted, rules(rules), refs, Optional.empty(), Set.of(), "GW-2100",
                rules.contains("C11") ? "consent on record; only the data categories it covers go"
                        : "consent on record from everyone who must consent");
    }

    /** C11 joins the rules of a permit that strips categories the flow does not carry. */
    private static List<String> stripping(Set<DataCategory> requested, Set<DataCategory> carried, String... ids) {
        List<String> rules = new ArrayList<>(List.of(ids));
        if (!carried.equals(requested)) {
            rules.add("C11");
        }
        return rules(rules);
    }

    static Decision legalBasis(FlowRule flow, Set<DataCategory> requested, Set<DataCategory> carried,
                               boolean protectedIdentity) {
        return new Decision(true, carried, protectedIdentity ? stripping(requested, carried, "C8", "C10")
                : stripping(requested, carried, "C8"), List.of(),
                flow.legalBasis(), protectedIdentity ? Set.of(Obligation.HOLD_FOR_MANUAL_HANDLING) : Set.of(),
                "GW-2111", protectedIdentity
                        ? "required by law, no consent needed; protected personal data: route by hand"
                        : "required by law, no consent needed");
    }

    static Decision anonymised(Set<DataCategory> requested, Set<DataCategory> carried) {
        return new Decision(true, carried, stripping(requested, carried, "C7"), List.of(), Optional.empty(),
                Set.of(Obligation.ANONYMISE),
                "GW-2112", "anonymised: no consent needed, nothing may link back to the child");
    }

    /** C1, C7: an anonymised payload in a flow that does not go anonymised: no child to decide consent for. */
    static Decision notAnonymousFlow() {
        return Decision.deny(List.of("C1", "C7"), List.of(), "GW-2102",
                "the payload names no child, and this flow may not go anonymised: no consent can apply");
    }

    /**
     * C7: without full consent the identified consultation is refused; the answer says that an anonymised
     * one is permitted (the obligation ANONYMISE on a deny), and the rules say why consent fell short.
     */
    static Decision anonymousOnly(Decision withoutConsent) {
        TreeSet<String> rules = new TreeSet<>(withoutConsent.rules());
        rules.add("C7");
        return new Decision(false, Set.of(), rules(rules), withoutConsent.consentRefs(), Optional.empty(),
                Set.of(Obligation.ANONYMISE), "GW-2115",
                "no full consent (" + withoutConsent.reason() + "): the identified consultation may not go; "
                        + "an anonymised one may", withoutConsent.notes());
    }

    static Decision protectedIdentity() {
        return new Decision(false, Set.of(), List.of("C10"), List.of(), Optional.empty(),
                Set.of(Obligation.HOLD_FOR_MANUAL_HANDLING), "GW-2101",
                "protected personal data: held for manual handling");
    }

    static Decision flaggedChild(boolean protectedIdentity) {
        return new Decision(false, Set.of(), protectedIdentity ? List.of("C9", "C10") : List.of("C9"), List.of(),
                Optional.empty(), protectedIdentity ? Set.of(Obligation.HOLD_FOR_MANUAL_HANDLING) : Set.of(),
                "GW-2109", "nothing guardian-facing is sent about a child flagged for violence, abuse, threats "
                        + "or honour-related context until social services clears the flag");
    }

    static Decision notCarried() {
        return Decision.deny(List.of("C1", "C11"), List.of(), "GW-2113",
                "the flow may carry none of the data categories asked for");
    }

    static Decision noGuardian() {
        return Decision.deny(List.of("C1", "C4"), List.of(), "GW-2104",
                "no guardian with custody on record, so no one can consent");
    }

    static Decision phaseMissing() {
        return Decision.deny(List.of("C1", "C6"), List.of(), "GW-2110",
                "the case phase is not given, and consent for this flow holds only for the phase it was given in");
    }

    static Decision otherPhase(List<String> refs) {
        return Decision.deny(List.of("C1", "C6"), refs, "GW-2110", "the consent was not given for this phase "
                + "of the case (support does not carry over to a report or investigation); a new one is needed");
    }

    static Decision noConsent(List<String> refs) {
        return Decision.deny(List.of("C1", "C2"), refs, "GW-2102", "no applicable consent on record");
    }

    static Decision refused(boolean byTheStudent, List<String> refs) {
        return Decision.deny(List.of("C1", "C3"), refs, "GW-2103", byTheStudent
                ? "the student refused consent" : "a person whose consent is needed refused it");
    }

    /** C3 fail safe: a refusal names an organisation the registry cannot resolve, so it may be this one. */
    static Decision refusedUnresolved(List<String> refs) {
        return Decision.deny(List.of("C1", "C3"), refs, "GW-2114", "a refusal names an organisation that is no "
                + "registered participant; it may be this one, so it applies (see the notes)");
    }

    /** C4: the consent on record is from persons who do not decide for this child at this moment. */
    static Decision notTheirsToGive(boolean adult, boolean byTheChild, List<String> refs) {
        String reason = adult
                ? "the student is 18 or over and consents alone; the guardians' consent no longer counts"
                : byTheChild
                ? "under 18 every guardian with custody must consent; the child's own consent does not count in their place"
                : "the consent on record is from a person without custody, which counts for nothing";
        return Decision.deny(List.of("C1", "C4"), refs, "GW-2105", reason);
    }

    static Decision notEveryone(int consented, int required, boolean childMissing, List<String> refs) {
        return Decision.deny(List.of("C1", "C4"), refs, "GW-2105", childMissing
                ? "the child's own consent is needed too at this age, and is not on record"
                : "consent from " + consented + " of " + required + " guardians with custody; every one must consent");
    }

    static Decision coversNone(boolean partlyRefused, List<String> refs) {
        return Decision.deny(partlyRefused ? List.of("C1", "C3", "C11") : List.of("C1", "C11"), refs, "GW-2106",
                "the consents cover none of the data categories asked for");
    }

    static Decision withdrawn(boolean byRefusal, List<String> refs) {
        return new Decision(false, Set.of(), byRefusal ? List.of("C1", "C3", "C5") : List.of("C1", "C5"), refs,
                Optional.empty(), Set.of(Obligation.NOTIFY_CONSENT_ENDED), "GW-2107",
                byRefusal ? "consent withdrawn: a later refusal replaces it" : "consent withdrawn");
    }

    static Decision expired(List<String> refs) {
        return Decision.deny(List.of("C1", "C2"), refs, "GW-2108", "consent expired");
    }
}
