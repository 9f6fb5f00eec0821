package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.access.AccessPolicy;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * know before they send. A request naming an unknown flow or organisation is a 400, never a permit; so is
 * one missing a parameter, repeating one or giving one of the wrong type (GW-4015, naming the parameter).
 */
@Component
class ConsentDecisionOperation implements FhirOperation {

    private final ConsentGate gate;
    private final FlowCatalogue flows;
    private final ParticipantRegistry participants;
    private final Clock clock;
    private final AccessPolicy access;
    private final ResourceStore store;
    private final FhirContext fhir;

    ConsentDecisionOperation(ConsentGate gate, FlowCatalogue flows, ParticipantRegistry participants, Clock clock,
                             AccessPolicy access, ResourceStore store, FhirContext fhir) {
        this.access = access;
        this.store = store;
        this.fhir = fhir;
        this.gate = gate;
        this.flows = flows;
        this.participants = participants;
        this.clock = clock;
    }

    /** The parameters, their types, and which may repeat (README: $consent-decision). */
    private static final Map<String, OperationInput.Spec> PARAMETERS = specs();

    private static Map<String, OperationInput.Spec> specs() {
        Map<String, OperationInput.Spec> specs = new LinkedHashMap<>();
        specs.put("flow", new OperationInput.Spec(CodeType.class, false));
        specs.put("child", new OperationInput.Spec(Identifier.class, false));
        specs.put("source", new OperationInput.Spec(Identifier.class, false));
        specs.put("recipient", new OperationInput.Spec(Identifier.class, false));
        specs.put("category", new OperationInput.Spec(CodeType.class, true));
        specs.put("time", new OperationInput.Spec(DateTimeType.class, false));
        for (String flag : new String[] {"protectedIdentity", "anonymised", "guardianFacing", "flagged"}) {
            specs.put(flag, new OperationInput.Spec(BooleanType.class, false));
        }
        specs.put("casePhase", new OperationInput.Spec(CodeType.class, false));
        return Map.copyOf(specs);
    }

    /**
     * The body is read here rather than bound by HAPI, so that a missing, repeated or wrongly typed parameter
     * is a 400 naming it (GW-4015), never a 500; an anonymised question (F6) needs no child.
     */
    @Operation(name = "$consent-decision", idempotent = false, manualRequest = true)
    public Parameters decide(RequestDetails details) {
        OperationInput in = OperationInput.read(details, PARAMETERS);
        String flow = in.required("flow", CodeType.class).getCode().trim();
        if (!flows.contains(flow)) {
            throw OperationInput.bad("GW-2120", "flow", "unknown flow '" + clip(flow) + "'");
        }
        OrganisationId source = participant("source", in.required("source", Identifier.class));
        OrganisationId recipient = participant("recipient", in.required("recipient", Identifier.class));
        DecisionRequest.Context context = new DecisionRequest.Context(isTrue(in, "protectedIdentity"),
                phase(in.one("casePhase", CodeType.class).orElse(null)), isTrue(in, "anonymised"),
                isTrue(in, "guardianFacing"), isTrue(in, "flagged"));
        Optional<Identifier> child = in.one("child", Identifier.class);
        if (child.isEmpty() && !context.anonymised()) {
            throw OperationInput.bad("child", "is required unless the question is about an anonymised payload"
                    + " (anonymised = true)");
        }
        Callers.of(details).ifPresent(caller -> mayAsk(caller, flow, source));
        Instant at = in.one("time", DateTimeType.class).map(t -> t.getValue().toInstant()).orElseGet(() -> Instant.now(clock));
        DecisionRequest request = new DecisionRequest(flow, child.map(ConsentDecisionOperation::childOf).orElse(null),
                source, recipient, categories(in.all("category", CodeType.class)), at, context);
        Decision decision;
        try {
            decision = gate.decide(request);
        } catch (UnknownFlowException e) {
            throw OperationInput.bad(e.code(), "flow", "unknown flow '" + clip(e.flow()) + "'");
        }
        return answer(decision, unreadable(details, decision));
    }

    /**
     * The consents behind the decision that the caller may not read (DOMAIN.md section 6): the answer names them
     * neither as consents nor in its notes. The decision itself still rests on them.
     */
    private Set<String> unreadable(RequestDetails details, Decision decision) {
        Optional<Participant> caller = Callers.of(details);
        Set<String> hidden = new java.util.HashSet<>();
        for (String ref : decision.consentRefs()) {
            org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(ref);
            boolean readable = caller.isEmpty() || store.read("Consent", id.getIdPart())
                    .map(stored -> stored.parse(fhir.newJsonParser(), org.hl7.fhir.r4.model.Consent.class))
                    .filter(consent -> access.mayRead(caller.get(), consent)).isPresent();
            if (!readable) {
                hidden.add(ref);
            }
        }
        return hidden;
    }

    private static String withoutHidden(String note, Set<String> hidden) {
        String out = note;
        for (String ref : hidden) {
            out = out.replace(ref, "a consent recorded by another organisation");
        }
        return out;
    }

    private static String clip(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9_.-]", "?");
        return safe.length() > 20 ? safe.substring(0, 20) : safe;
    }

    /**
     * A participant asks about what it would send itself (the source is its own certificate's identity), and
     * only in a flow its kind may send (flows.yml {@code senders}).
     */
    private void mayAsk(Participant caller, String flow, OrganisationId source) {
        if (!participants.resolve(source).map(Participant::id).filter(caller.id()::equals).isPresent()) {
            throw new ForbiddenOperationException("GW-6003 source: a participant may ask only about what it sends"
                    + " itself; the certificate names " + caller.id());
        }
        if (!flows.allowsSender(flow, caller.kind())) {
            throw new ForbiddenOperationException("GW-6004 flow: a participant of kind " + caller.kind().code()
                    + " may not send flow " + flow.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private static Parameters answer(Decision decision, Set<String> hidden) {
        Parameters out = new Parameters();
        out.addParameter("decision", new CodeType(decision.permit() ? "permit" : "deny"));
        out.addParameter("code", new StringType(decision.code()));
        decision.rules().forEach(rule -> out.addParameter("rule", new CodeType(rule)));
        decision.consentRefs().stream().filter(ref -> !hidden.contains(ref))
                .forEach(ref -> out.addParameter().setName("consent").setValue(new Reference(ref)));
        decision.permitted().forEach(c -> out.addParameter("category", new CodeType(c.code())));
        decision.legalBasis().ifPresent(basis -> out.addParameter("legalBasis", new StringType(basis)));
        decision.obligations().forEach(o -> out.addParameter("obligation",
                new CodeType(o.name().toLowerCase().replace('_', '-'))));
        out.addParameter("reason", new StringType(decision.reason()));
        if (decision.anonymisedAlternative()) {
            out.addParameter("alternative", new CodeType("anonymised"));
        }
        decision.notes().forEach(note -> out.addParameter("note", new StringType(withoutHidden(note, hidden))));
        return out;
    }

    private static PersonalIdentityNumber childOf(Identifier child) {
        if (child.hasSystem() && !Systems.isIdentitySystem(child.getSystem())) {
            throw OperationInput.bad("GW-4011", "child", "the system must be personnummer or samordningsnummer");
        }
        String problem = PersonalIdentityNumber.problem(child.getValue());
        if (problem != null) {
            throw OperationInput.bad("GW-4011", "child", "not a valid identity number: " + problem);
        }
        return PersonalIdentityNumber.parse(child.getValue());
    }

    private OrganisationId participant(String name, Identifier id) {
        if (!id.hasSystem() || !id.hasValue() || id.getSystem().isBlank() || id.getValue().isBlank()
                || !participants.knows(id.getSystem(), id.getValue())) {
            throw OperationInput.bad("GW-4012", name, "not a registered participant ("
                    + clip(String.valueOf(id.getSystem())) + "|" + clip(String.valueOf(id.getValue())) + ")");
        }
        return OrganisationId.of(id.getSystem(), id.getValue());
    }

    private static Set<DataCategory> categories(List<CodeType> codes) {
        Set<DataCategory> out = EnumSet.noneOf(DataCategory.class);
        for (CodeType code : codes) {
            out.add(DataCategory.fromCode(code.getCode()).orElseThrow(() -> OperationInput.bad("GW-4013", "category",
                    "unknown data category '" + clip(code.getCode()) + "'")));
        }
        return out;
    }

    private static DecisionRequest.CasePhase phase(CodeType code) {
        if (code == null) {
            return null;
        }
        return DecisionRequest.CasePhase.fromCode(code.getCode()).orElseThrow(() -> OperationInput.bad("GW-4014",
                "casePhase", "one of voluntary, report, investigation"));
    }

    private static boolean isTrue(OperationInput in, String name) {
        return in.one(name, BooleanType.class).map(BooleanType::booleanValue).orElse(false);
    }
}
