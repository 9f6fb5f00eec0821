package se.samverkan.gateway.consent;

import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Consent;

/**
 * C3: what one Consent's provisions say about each data category. Nested provisions are exceptions to
 * their parent, recursively; among sibling exceptions that speak to the same category, deny wins.
 *
 * <p>A root provision without a type is read as deny. R4 defines Consent.provision.type as "Action to
 * take - permit or deny - when the rule conditions are met. Not permitted in root rule, required in all
 * nested rules", so an untyped root states no permission of its own; the base it falls back on is the
 * policy in force, which for these records is secrecy (OSL 2009:400), not disclosure. The R4 examples
 * need that reading where it matters: consent-example-notThis, -notThem, -notAuthor and -notTime record
 * a withholding in an untyped root (under policyRule OPTIN), -Out a refusal (OPTOUT); reading OPTIN as
 * permit would turn those withholdings into disclosures. The price is that an untyped root meant as a
 * permit (consent-example-basic) permits nothing here: a consent meant as a permit must say so with
 * provision.type = permit at its root, as IHE PCF, R5 and the gateway's own consents do. A nested
 * provision without a type (R4 requires one; the pkb example omits it) is read as an exception to its
 * parent: the opposite of the parent's type.
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
    record Outcome(Set<DataCategory> permitted, Set<DataCategory> denied, Set<String> unresolved) {

        static final Outcome SILENT = new Outcome(Set.of(), Set.of(), Set.of());

        boolean silent() {
            return permitted.isEmpty() && denied.isEmpty();
        }
    }

    // read for every category, not only those asked: a consent that covers only others is not silent (C11)
    private static final Set<DataCategory> EVERY = java.util.Collections.unmodifiableSet(
            EnumSet.allOf(DataCategory.class));

    private ProvisionTree() {
    }

    static Outcome evaluate(Consent consent, Ask ask) {
        if (!consent.hasProvision()) {
            return new Outcome(Set.of(), EVERY, Set.of());
        }
        Consent.ProvisionComponent root = consent.getProvision();
        Effect effect = root.hasType() ? Effect.of(root.getType()) : Effect.DENY;
        return walk(root, effect, EVERY, ask, true);
    }

    private static Outcome walk(Consent.ProvisionComponent p, Effect effect, Set<DataCategory> within, Ask ask,
                                boolean root) {
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
                Outcome outcome = walk(nested, nestedEffect, scope, ask, false);
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
