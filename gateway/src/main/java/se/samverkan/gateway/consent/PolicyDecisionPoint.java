package se.samverkan.gateway.consent;

import java.util.Set;
import org.hl7.fhir.r4.model.Consent;
import se.samverkan.gateway.consent.DecisionRequest.Context;
import se.samverkan.gateway.mapping.DataCategoryTable;
import se.samverkan.gateway.routing.ParticipantRegistry;

/**
 * The policy decision point for rules C1-C11: decides from the FHIR Consents and guardian RelatedPersons
 * the {@link ConsentRegistry} holds for the child, and from the flow's configuration.
 *
 * <p>Stateless: each call reads the registry once (consents; guardians for a child under 18) and holds
 * nothing afterwards, so deciding again right before delivery (C12) is cheap and sees a withdrawal at
 * once. It never writes to the resources it reads and parses nothing: configuration and code tables
 * are read when it is built. Thread-safe if the registry is.
 */
public final class PolicyDecisionPoint implements ConsentGate {

    private final FlowCatalogue flows;
    private final ConsentRegistry registry;
    private final CategoryCodes codes;
    private final Parties parties;

    /**
     * @param participants who is who: a provision names a party when it names any identifier of the same
     *                     participant (DOMAIN.md, "Who is named")
     */
    public PolicyDecisionPoint(FlowCatalogue flows, ConsentRegistry registry, DataCategoryTable categories,
                               ParticipantRegistry participants) {
        this.flows = flows;
        this.registry = registry;
        this.codes = new CategoryCodes(categories);
        this.parties = new Parties(participants);
    }

    /** @throws UnknownFlowException when the flow is not configured (a caller's error, never a permit) */
    @Override
    public Decision decide(DecisionRequest request) {
        FlowRule flow = flows.rule(request.flow());
        Context context = request.context();
        // C9 stops what goes to the guardians, in any flow; a report of concern (F5) itself is not
        // guardian-facing, so C9 never stops it
        if (context.guardianFacing() && context.flagged()) {
            return Verdicts.flaggedChild(context.protectedIdentity());
        }
        Set<DataCategory> carried = flow.carried(request.requested());
        if (flow.byLaw()) {
            return Verdicts.legalBasis(flow, request.requested(), carried, context.protectedIdentity());
        }
        if (context.protectedIdentity()) {
            return Verdicts.protectedIdentity();
        }
        if (!request.requested().isEmpty() && carried.isEmpty()) {
            return Verdicts.notCarried();
        }
        if (flow.anonymousWithoutConsent() && context.anonymised()) {
            return Verdicts.anonymised(request.requested(), carried);
        }
        if (request.child() == null) {
            // anonymised, in a flow that does not allow it: nothing to decide on
            return Verdicts.notAnonymousFlow();
        }
        Decision byConsent = byConsent(request, flow, carried);
        // C7: the identified consultation is refused; the answer says an anonymised one may go
        return !byConsent.permit() && flow.anonymousWithoutConsent()
                ? Verdicts.anonymousOnly(byConsent) : byConsent;
    }

    private Decision byConsent(DecisionRequest request, FlowRule flow, Set<DataCategory> carried) {
        if (flow.phaseBound() && request.context().casePhase() == null) {
            return Verdicts.phaseMissing();
        }
        Consenters consenters = new Consenters(request, flow, registry);
        if (consenters.required().isEmpty()) {
            return Verdicts.noGuardian();
        }
        // a payload with no data category (a notice) still needs consent that reaches into the flow
        Set<DataCategory> asked = carried.isEmpty() ? flow.categories() : carried;
        Ask ask = new Ask(request.source(), request.recipient(), flow, request.at(), codes, parties);
        ConsentTally tally = new ConsentTally(consenters, asked);
        String child = request.child().value();
        for (Consent consent : registry.consentsFor(request.child())) {
            ConsentFacts facts = ConsentFacts.of(consent, child, request.at(), flow, request.context().casePhase());
            tally.note(facts.note());
            if (facts.standing() == ConsentFacts.Standing.VOID || facts.standing() == ConsentFacts.Standing.NOT_YET) {
                continue;
            }
            ProvisionTree.Outcome outcome = ProvisionTree.evaluate(consent, ask);
            if (!recordedByAParty(consent, request) && !outcome.permitted().isEmpty()) {
                // a consent is the recording organisation's (DOMAIN.md section 6): one that neither discloses
                // nor receives cannot lift the source's secrecy, so its permits do not count; its refusals do
                tally.note(facts.ref() + ": recorded by an organisation that is neither the source nor the"
                        + " recipient, so what it permits does not count (C1)");
                outcome = new ProvisionTree.Outcome(Set.of(), outcome.denied(), outcome.unresolved());
            }
            if (outcome.undecided()) {
                tally.note(facts.ref() + ": its root provision has no type and its policyRule is neither OPTIN nor "
                        + "OPTOUT, so it neither permits nor refuses: it does not apply");
                continue;
            }
            Set<String> performers = consenters.named(consent);
            if (performers.isEmpty()) {
                tally.uncounted(facts, outcome, consenters.byTheChild(consent));
            } else {
                tally.add(facts, performers, outcome);
            }
        }
        return tally.verdict(request.requested(), flow);
    }

    /**
     * Whether the consent was recorded by the source or the recipient of what is asked: its
     * {@code organization}, which the FHIR face sets to (and checks against) the participant that records it.
     * One that names no organization by identifier (recorded before the gateway kept it, a BHV export's own, or
     * one naming it by a literal reference only) counts as before: the FHIR face always adds its recorder's.
     */
    private boolean recordedByAParty(Consent consent, DecisionRequest request) {
        boolean named = false;
        for (org.hl7.fhir.r4.model.Reference organization : consent.getOrganization()) {
            org.hl7.fhir.r4.model.Identifier id = organization.getIdentifier();
            if (id == null || !id.hasSystem() || !id.hasValue()) {
                continue;
            }
            named = true;
            OrganisationId recorder = OrganisationId.of(id.getSystem(), id.getValue());
            if (parties.names(recorder, request.source()) == Parties.Named.YES
                    || parties.names(recorder, request.recipient()) == Parties.Named.YES) {
                return true;
            }
        }
        return !named;
    }
}
