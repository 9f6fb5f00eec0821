package se.samverkan.gateway.consent;

import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Consent;

/**
 * C3: what one Consent's provisions say about each data category. Nested provisions are exceptions to
 * their parent, recursively; among sibling exceptions that speak to the same category, deny wins.
 *
 * <p>The root rule (DOMAIN.md, "The root rule"): a root provision with a type says it. In R4 the root may
 * carry no type ("Not permitted in root rule"); then {@code Consent.policyRule} gives the base, OPTIN (or
 * OPTINR) a permit and OPTOUT (or OPTOUTE) a refusal. A consent that says neither is no refusal: it does not
 * apply, and the decision says so ({@link Outcome#undecided()}). A nested provision without a type (R4
 * requires one; the pkb example omits it) is read as an exception to its parent: the opposite of its type.
 *
 * <p>A permit that names no recipient (in itself or a provision around it) covers only a flow whose recipient
 * is implied by the flow (F1); every other flow needs the recipient named (DOMAIN.md, "A consent that names
 * no recipient").
 */
final class ProvisionTree {

    enum Effect {
        PERMIT, DENY;

        Effect opposite() {
            return this == PERMIT ? DENY : PERMIT;
        }

        static Effect of(Consent.ConsentProvisionType type) {
            return type == Consent.ConsentProvisionType.PERMIT ? PERMIT : DENY;
        }
    }

    /**
     * The categories one consent permits and those it denies; a category in neither it does not speak to.
     * {@code unresolved}: organisations (system|value) the registry cannot resolve that a refusal applied to.
     */
    record Outcome(Set<DataCategory> permitted, Set<DataCategory> denied, Set<String> unresolved, boolean undecided) {

        static final Outcome SILENT = new Outcome(Set.of(), Set.of(), Set.of(), false);
        static final Outcome UNDECIDED = new Outcome(Set.of(), Set.of(), Set.of(), true);

        Outcome(Set<DataCategory> permitted, Set<DataCategory> denied, Set<String> unresolved) {
            this(permitted, denied, unresolved, false);
        }

        boolean silent() {
            return permitted.isEmpty() && denied.isEmpty();
        }
    }

    private static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    // read for every category, not only those asked: a consent that covers only others is not silent (C11)
    private static final Set<DataCategory> EVERY = java.util.Collections.unmodifiableSet(
            EnumSet.allOf(DataCategory.class));

    private ProvisionTree() {
    }

    static Outcome evaluate(Consent consent, Ask ask) {
        Consent.ProvisionComponent root = consent.getProvision();
        Effect effect = root.hasType() ? Effect.of(root.getType()) : base(consent);
        if (effect == null) {
            return Outcome.UNDECIDED;
        }
        return walk(root, effect, EVERY, ask, true, false);
    }

    /** R4: the base an untyped root falls back on is the policy rule's; null when it names none. */
    private static Effect base(Consent consent) {
        for (var coding : consent.getPolicyRule().getCoding()) {
            if (V3_ACT_CODE.equals(coding.getSystem()) && coding.hasCode()) {
                switch (coding.getCode()) {
                    case "OPTIN", "OPTINR" -> {
                        return Effect.PERMIT;
                    }
                    case "OPTOUT", "OPTOUTE" -> {
                        return Effect.DENY;
                    }
                    default -> { }
                }
            }
        }
        return null;
    }

    private static Outcome walk(Consent.ProvisionComponent p, Effect effect, Set<DataCategory> within, Ask ask,
                                boolean root, boolean recipientNamedAround) {
        boolean recipientNamed = recipientNamedAround || ProvisionMatch.namesRecipient(p);
        if (effect == Effect.PERMIT && !recipientNamed && !ask.flow().recipientImplied()) {
            return Outcome.SILENT;
        }
        Set<String> unresolved = new java.util.LinkedHashSet<>();
        Set<DataCategory> scope = ProvisionMatch.scope(p, effect, within, ask, root, unresolved);
        if (scope.isEmpty()) {
            return Outcome.SILENT;
        }
        if (effect == Effect.PERMIT) {
            unresolved.clear();
        }
        EnumSet<DataCategory> exceptedPermit = EnumSet.noneOf(DataCategory.class);
        EnumSet<DataCategory> exceptedDeny = EnumSet.noneOf(DataCategory.class);
        if (p.hasProvision()) {
            for (Consent.ProvisionComponent nested : p.getProvision()) {
                Effect nestedEffect = nested.hasType() ? Effect.of(nested.getType()) : effect.opposite();
                Outcome outcome = walk(nested, nestedEffect, scope, ask, false, recipientNamed);
                exceptedPermit.addAll(outcome.permitted());
                exceptedDeny.addAll(outcome.denied());
                unresolved.addAll(outcome.unresolved());
            }
        }
        EnumSet<DataCategory> permitted = EnumSet.noneOf(DataCategory.class);
        EnumSet<DataCategory> denied = EnumSet.noneOf(DataCategory.class);
        for (DataCategory category : scope) {
            boolean deny = exceptedDeny.contains(category)
                    || (!exceptedPermit.contains(category) && effect == Effect.DENY);
            (deny ? denied : permitted).add(category);
        }
        return new Outcome(permitted, denied, denied.isEmpty() ? Set.of() : Set.copyOf(unresolved));
    }
}
