package se.samverkan.gateway.consent;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The answer of the {@link ConsentGate}. A permit may still carry obligations the caller must meet
 * before or instead of delivering (anonymise, hold for a person to handle); a caller that cannot meet
 * one must not deliver.
 *
 * @param permitted   the data categories that may go (C11); the caller strips the rest and records it
 * @param rules       the rule ids behind the decision, e.g. ["C2", "C4"]
 * @param consentRefs the Consents it rested on, as {@code Consent/<id>/_history/<version>}
 * @param legalBasis  the law it rests on instead of consent (C8), if it does
 * @param code        stable, GW-21xx (see package-info for the table)
 * @param reason      for a person to read; never names or identity numbers
 * @param notes       what else the decision has to say about the consents it read, for a person (an organisation
 *                    a refusal names that the registry cannot resolve, a consent that does not say whether it
 *                    permits or refuses); never names or identity numbers
 */
public record Decision(
        boolean permit,
        Set<DataCategory> permitted,
        List<String> rules,
        List<String> consentRefs,
        Optional<String> legalBasis,
        Set<Obligation> obligations,
        String code,
        String reason,
        List<String> notes) {

    /** What the caller must do with a decision besides permit or deny. */
    public enum Obligation {
        /**
         * Send only a fully anonymised payload (C7). On a permit: the payload may go anonymised. On a deny
         * (GW-2115): the identified payload may not go; an anonymised one would be permitted (ask again with
         * the context anonymised).
         */
        ANONYMISE,
        /** Do not route automatically: hold the item for a person to handle; emit no address or contact data (C10). */
        HOLD_FOR_MANUAL_HANDLING,
        /** If anything went to this recipient under the ended consent, tell them it ended (C5). */
        NOTIFY_CONSENT_ENDED
    }

    public Decision {
        EnumSet<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        categories.addAll(permitted);
        permitted = Collections.unmodifiableSet(categories);
        rules = List.copyOf(rules);
        consentRefs = List.copyOf(consentRefs);
        legalBasis = Objects.requireNonNullElse(legalBasis, Optional.empty());
        EnumSet<Obligation> duties = EnumSet.noneOf(Obligation.class);
        duties.addAll(obligations);
        obligations = Collections.unmodifiableSet(duties);
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public Decision(boolean permit, Set<DataCategory> permitted, List<String> rules, List<String> consentRefs,
                    Optional<String> legalBasis, Set<Obligation> obligations, String code, String reason) {
        this(permit, permitted, rules, consentRefs, legalBasis, obligations, code, reason, List.of());
    }

    /** The same decision with these notes added. */
    public Decision withNotes(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(notes);
        more.stream().filter(n -> !all.contains(n)).forEach(all::add);
        return new Decision(permit, permitted, rules, consentRefs, legalBasis, obligations, code, reason, all);
    }

    public static Decision deny(List<String> rules, List<String> consentRefs, String code, String reason) {
        return new Decision(false, Set.of(), rules, consentRefs, Optional.empty(), Set.of(), code, reason);
    }

    public boolean has(Obligation obligation) {
        return obligations.contains(obligation);
    }

    /** A deny whose answer says an anonymised payload would be permitted (C7, GW-2115). */
    public boolean anonymisedAlternative() {
        return !permit && obligations.contains(Obligation.ANONYMISE);
    }
}
