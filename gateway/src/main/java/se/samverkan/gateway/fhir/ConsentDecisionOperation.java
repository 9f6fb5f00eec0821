package se.samverkan.gateway.fhir;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.Decision;
import se.samverkan.gateway.consent.DecisionRequest;
import se.samverkan.gateway.consent.FlowCatalogue;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.consent.UnknownFlowException;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.security.Callers;

/**
 * {@code POST /fhir/$consent-decision}: the same decision the routes ask for, for systems that want to
 * know before they send. A request naming an unknown flow or organisation is a 400, never a permit.
 */
@Component
class ConsentDecisionOperation implements FhirOperation {

    private final ConsentGate gate;
    private final FlowCatalogue flows;
    private final ParticipantRegistry participants;
    private final Clock clock;

    ConsentDecisionOperation(ConsentGate gate, FlowCatalogue flows, ParticipantRegistry participants, Clock clock) {
        this.gate = gate;
        this.flows = flows;
        this.participants = participants;
        this.clock = clock;
    }

    @Operation(name = "$consent-decision", idempotent = false)
    public Parameters decide(
            @OperationParam(name = "flow", min = 1) CodeType flow,
            @OperationParam(name = "child", min = 1) Identifier child,
            @OperationParam(name = "source", min = 1) Identifier source,
            @OperationParam(name = "recipient", min = 1) Identifier recipient,
            @OperationParam(name = "category", max = OperationParam.MAX_UNLIMITED) List<CodeType> categories,
            @OperationParam(name = "time") DateTimeType time,
            @OperationParam(name = "protectedIdentity") BooleanType protectedIdentity,
            @OperationParam(name = "casePhase") CodeType casePhase,
            @OperationParam(name = "anonymised") BooleanType anonymised,
            @OperationParam(name = "guardianFacing") BooleanType guardianFacing,
            @OperationParam(name = "flagged") BooleanType flagged,
            RequestDetails details) {
        if (!flows.contains(flow.getCode())) {
            throw new InvalidRequestException("GW-2120 flow: unknown flow '" + flow.getCode() + "'");
        }
        Callers.of(details).ifPresent(caller -> mayAsk(caller, flow.getCode(), source));
        DecisionRequest request = new DecisionRequest(flow.getCode(), childOf(child), participant("source", source),
                participant("recipient", recipient), categories(categories),
                time == null ? Instant.now(clock) : time.getValue().toInstant(),
                new DecisionRequest.Context(isTrue(protectedIdentity), phase(casePhase), isTrue(anonymised),
                        isTrue(guardianFacing), isTrue(flagged)));
        Decision decision;
        try {
            decision = gate.decide(request);
        } catch (UnknownFlowException e) {
            throw new InvalidRequestException(e.code() + " flow: unknown flow '" + e.flow() + "'");
        }
        return answer(decision);
    }

    /**
     * A participant asks about what it would send itself (the source is its own certificate's identity), and
     * only in a flow its kind may send (flows.yml {@code senders}).
     */
    private void mayAsk(Participant caller, String flow, Identifier source) {
        if (!caller.id().equals(source.getValue())) {
            throw new ForbiddenOperationException("GW-6003 source: a participant may ask only about what it sends"
                    + " itself; the certificate names " + caller.id());
        }
        if (!flows.allowsSender(flow, caller.kind())) {
            throw new ForbiddenOperationException("GW-6004 flow: a participant of kind " + caller.kind().code()
                    + " may not send flow " + flow.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private static Parameters answer(Decision decision) {
        Parameters out = new Parameters();
        out.addParameter("decision", new CodeType(decision.permit() ? "permit" : "deny"));
        out.addParameter("code", new StringType(decision.code()));
        decision.rules().forEach(rule -> out.addParameter("rule", new CodeType(rule)));
        decision.consentRefs().forEach(ref -> out.addParameter().setName("consent").setValue(new Reference(ref)));
        decision.permitted().forEach(c -> out.addParameter("category", new CodeType(c.code())));
        decision.legalBasis().ifPresent(basis -> out.addParameter("legalBasis", new StringType(basis)));
        decision.obligations().forEach(o -> out.addParameter("obligation",
                new CodeType(o.name().toLowerCase().replace('_', '-'))));
        out.addParameter("reason", new StringType(decision.reason()));
        decision.notes().forEach(note -> out.addParameter("note", new StringType(note)));
        return out;
    }

    private static PersonalIdentityNumber childOf(Identifier child) {
        String problem = PersonalIdentityNumber.problem(child.getValue());
        if (problem != null) {
            throw new InvalidRequestException("GW-4011 child: not a valid identity number: " + problem);
        }
        return PersonalIdentityNumber.parse(child.getValue());
    }

    private OrganisationId participant(String name, Identifier id) {
        if (!id.hasSystem() || !id.hasValue() || !participants.knows(id.getSystem(), id.getValue())) {
            throw new InvalidRequestException("GW-4012 " + name + ": not a registered participant ("
                    + id.getSystem() + "|" + id.getValue() + ")");
        }
        return OrganisationId.of(id.getSystem(), id.getValue());
    }

    private static Set<DataCategory> categories(List<CodeType> codes) {
        Set<DataCategory> out = EnumSet.noneOf(DataCategory.class);
        if (codes != null) {
            for (CodeType code : codes) {
                out.add(DataCategory.fromCode(code.getCode()).orElseThrow(() -> new InvalidRequestException(
                        "GW-4013 category: unknown data category '" + code.getCode() + "'")));
            }
        }
        return out;
    }

    private static DecisionRequest.CasePhase phase(CodeType code) {
        if (code == null) {
            return null;
        }
        return DecisionRequest.CasePhase.fromCode(code.getCode()).orElseThrow(() -> new InvalidRequestException(
                "GW-4014 casePhase: one of voluntary, report, investigation"));
    }

    private static boolean isTrue(BooleanType value) {
        return value != null && value.booleanValue();
    }
}
