package se.samverkan.gateway.consent;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import se.samverkan.gateway.consent.ProvisionTree.Effect;

/**
 * C2 for one provision: does it speak to this request, and for which of the categories asked?
 *
 * <p>Conditions are ANDed across elements and ORed within one (R4). A condition the gateway cannot
 * judge (an actor named only by a literal reference or in an unknown role, a security label, a data
 * period, specific data instances, an action or code it does not know) is read to fail closed: such a
 * permit does not apply, such a deny does.
 */
final class ProvisionMatch {

    private enum Answer { YES, NO, UNKNOWN }

    private static final Set<String> PARTICIPATION_TYPE = Set.of(
            "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "http://hl7.org/fhir/v3/ParticipationType");
    // IRCP information recipient (the gateway's own shape, IHE PCF), PRCP primary recipient (R4 examples)
    private static final Set<String> RECIPIENT_ROLES = Set.of("IRCP", "PRCP");
    private static final String CUSTODIAN_ROLE = "CST";
    private static final String CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";
    // sending data to a recipient is disclosed by the source and collected, accessed and used by the recipient
    private static final Set<String> DELIVERY_ACTIONS = Set.of("collect", "access", "use", "disclose");

    private ProvisionMatch() {
    }

    /** The categories (of those within) this provision speaks to; empty when it does not apply. */
    static Set<DataCategory> scope(Consent.ProvisionComponent p, Effect effect, Set<DataCategory> within, Ask ask,
                                   boolean root, Set<String> unresolved) {
        // the root period is the consent's own validity, judged before (C2, C5)
        if (!root && p.hasPeriod() && !FhirTime.covers(p.getPeriod(), ask.now())) {
            return Set.of();
        }
        Answer unjudgeable = p.hasSecurityLabel() || p.hasDataPeriod() || p.hasData() ? Answer.UNKNOWN : Answer.YES;
        Set<String> named = new java.util.LinkedHashSet<>();
        for (Answer answer : List.of(actors(p, ask, named), purposes(p, ask), actions(p), unjudgeable)) {
            if (answer == Answer.NO || (answer == Answer.UNKNOWN && effect == Effect.PERMIT)) {
                return Set.of();
            }
        }
        // a refusal that applies because of someone the registry does not know says so (fail safe, reported)
        unresolved.addAll(named);
        EnumSet<DataCategory> scope = EnumSet.noneOf(DataCategory.class);
        scope.addAll(within);
        if (p.hasClass_()) {
            scope.retainAll(categories(p.getClass_(), effect, ask));
        }
        if (p.hasCode()) {
            List<Coding> codes = p.getCode().stream().flatMap(c -> c.getCoding().stream()).toList();
            scope.retainAll(categories(codes, effect, ask));
        }
        return scope;
    }

    private static Set<DataCategory> categories(List<Coding> codings, Effect effect, Ask ask) {
        EnumSet<DataCategory> named = EnumSet.noneOf(DataCategory.class);
        for (Coding coding : codings) {
            Set<DataCategory> of = ask.codes().of(coding);
            if (of.isEmpty() && effect == Effect.DENY) {
                return EnumSet.allOf(DataCategory.class);
            }
            named.addAll(of);
        }
        return named;
    }

    /** Recipients (IRCP, PRCP) must include the recipient, custodians (CST) the source; others are unknown. */
    private static Answer actors(Consent.ProvisionComponent p, Ask ask, Set<String> unresolved) {
        if (!p.hasActor()) {
            return Answer.YES;
        }
        Answer recipient = null;
        Answer source = null;
        boolean otherRole = false;
        for (Consent.provisionActorComponent actor : p.getActor()) {
            String role = role(actor);
            if (RECIPIENT_ROLES.contains(role)) {
                recipient = either(recipient, names(actor.getReference(), ask.recipient(), ask, unresolved));
            } else if (CUSTODIAN_ROLE.equals(role)) {
                source = either(source, names(actor.getReference(), ask.source(), ask, unresolved));
            } else {
                otherRole = true;
            }
        }
        if (recipient == Answer.NO || source == Answer.NO) {
            return Answer.NO;
        }
        if (recipient != Answer.UNKNOWN && source != Answer.UNKNOWN) {
            unresolved.clear(); // named alongside the party itself: not what the provision turns on
        }
        return otherRole || recipient == Answer.UNKNOWN || source == Answer.UNKNOWN ? Answer.UNKNOWN : Answer.YES;
    }

    /** Whether the provision names a recipient (an actor in a recipient role). */
    static boolean namesRecipient(Consent.ProvisionComponent p) {
        return p.getActor().stream().anyMatch(a -> RECIPIENT_ROLES.contains(role(a)));
    }

    private static String role(Consent.provisionActorComponent actor) {
        if (actor.hasRole()) {
            for (Coding coding : actor.getRole().getCoding()) {
                if (PARTICIPATION_TYPE.contains(coding.getSystem())) {
                    return coding.getCode();
                }
            }
        }
        return "";
    }

    // compared as participants: any of the party's identifiers names it; a literal reference cannot be judged
    private static Answer names(Reference reference, OrganisationId party, Ask ask, Set<String> unresolved) {
        if (reference == null || !reference.hasIdentifier() || !reference.getIdentifier().hasSystem()
                || !reference.getIdentifier().hasValue() || reference.getIdentifier().getSystem().isBlank()
                || reference.getIdentifier().getValue().isBlank()) {
            return Answer.UNKNOWN;
        }
        OrganisationId named = OrganisationId.of(reference.getIdentifier().getSystem(),
                reference.getIdentifier().getValue());
        return switch (ask.parties().names(named, party)) {
            case YES -> Answer.YES;
            case NO -> Answer.NO;
            case UNRESOLVED -> {
                unresolved.add(named.system() + "|" + named.value());
                yield Answer.UNKNOWN;
            }
        };
    }

    private static Answer either(Answer sofar, Answer next) {
        if (sofar == Answer.YES || next == Answer.YES) {
            return Answer.YES;
        }
        return sofar == Answer.UNKNOWN || next == Answer.UNKNOWN ? Answer.UNKNOWN : Answer.NO;
    }

    private static Answer purposes(Consent.ProvisionComponent p, Ask ask) {
        if (!p.hasPurpose()) {
            return Answer.YES;
        }
        return p.getPurpose().stream().anyMatch(ask.flow()::servesPurpose) ? Answer.YES : Answer.NO;
    }

    private static Answer actions(Consent.ProvisionComponent p) {
        if (!p.hasAction()) {
            return Answer.YES;
        }
        boolean unknown = false;
        for (CodeableConcept action : p.getAction()) {
            unknown |= !action.hasCoding();
            for (Coding coding : action.getCoding()) {
                if (!CONSENT_ACTION.equals(coding.getSystem())) {
                    unknown = true;
                } else if (DELIVERY_ACTIONS.contains(coding.getCode())) {
                    return Answer.YES;
                }
            }
        }
        return unknown ? Answer.UNKNOWN : Answer.NO;
    }
}
