package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.gateway.consent.FlowCatalogue;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Unprocessable;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.security.Callers;

/**
 * What the FHIR face does with a Communication or CarePlan a participant posts: the same reading, decision and
 * routing as an elevhälsa batch, then the first attempt at once, so the answer says per recipient what became
 * of it. A participant sends only as itself (or, a school principal, as its school units), and only flows its
 * kind may send.
 */
public class CooperationFace {

    private final SubmissionReader reader;
    private final CooperationService service;
    private final ImmediateDelivery immediate;
    private final ParticipantRegistry registry;
    private final FlowCatalogue flows;
    private final TransactionTemplate transactions;
    private final SipPlans plans;

    CooperationFace(SubmissionReader reader, CooperationService service, ImmediateDelivery immediate,
                    ParticipantRegistry registry, FlowCatalogue flows, TransactionTemplate transactions,
                    SipPlans plans) {
        this.plans = plans;
        this.reader = reader;
        this.service = service;
        this.immediate = immediate;
        this.registry = registry;
        this.flows = flows;
        this.transactions = transactions;
    }

    List<RecipientOutcome> route(Resource resource, RequestDetails details) {
        return routeAll(List.of(resource), List.of(resource.fhirType()), details).get(0);
    }

    /**
     * All or nothing on acceptance: every resource is read and checked before any is routed, and all are
     * routed in one transaction; then each delivery's first attempt.
     *
     * @param fields how to name each resource in an error ("Communication", "Bundle.entry[2].resource")
     */
    List<List<RecipientOutcome>> routeAll(List<Resource> resources, List<String> fields, RequestDetails details) {
        Optional<Participant> caller = Callers.of(details);
        List<Submission> submissions = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            Submission s;
            try {
                s = reader.read(resources.get(i), caller.map(c -> OrganisationId.ofParticipant(c.id())));
            } catch (SubmissionRefused e) {
                String type = resources.get(i).fhirType();
                String field = fields.get(i).equals(type) ? e.field() : fields.get(i) + e.field().substring(
                        e.field().startsWith(type) ? type.length() : 0);
                throw Unprocessable.at(field, e.code(), e.reason().substring(e.field().length() + 2));
            }
            caller.ifPresent(c -> mayRoute(c, s));
            if (s.sip()) {
                plans.refusal(s.planKey(), s.sender(), SubmissionReader.planMembers(s)).ifPresent(why -> {
                    throw se.samverkan.gateway.access.Refusals.forbidden(
                            se.samverkan.gateway.access.Refusals.NOT_THE_STARTER, "CarePlan.careTeam: " + why);
                });
            }
            submissions.add(s);
        }
        String call = UUID.randomUUID().toString();
        List<List<RecipientOutcome>> accepted = transactions.execute(tx -> submissions.stream()
                .map(s -> service.submit(s, call)).toList());
        return accepted.stream().map(immediate::attempt).toList();
    }

    private void mayRoute(Participant caller, Submission s) {
        if (!registry.speaksFor(caller, s.sender())) {
            throw new ForbiddenOperationException("GW-6003 sender: a participant sends only as itself (or as the"
                    + " school units it serves); the certificate names " + caller.id());
        }
        if (!flows.allowsSender(s.flow(), caller.kind())) {
            throw new ForbiddenOperationException("GW-6004 flow: a participant of kind " + caller.kind().code()
                    + " may not send flow " + s.flow());
        }
    }
}
