package se.samverkan.gateway.access;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.RelatedPerson;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.security.Callers;

/**
 * What a caller sees of the registry, through HAPI's consent interceptor: a search must name the child
 * (GW-6011), a search's results are narrowed to what the access policy lets the caller see (others are left out,
 * so an empty answer tells nothing), and every read or search of a child's data becomes an audit event in IHE
 * BALP shape (Read or Query) in that child's trail, whoever made it.
 */
final class RegistryVisibility implements IConsentService {

    /** Per request: each child whose data was shown, with the resource shown (the last one, for a search). */
    private static final String SEEN = RegistryVisibility.class.getName() + ".seen";

    private final AccessPolicy policy;
    private final AuditTrail audit;

    RegistryVisibility(AccessPolicy policy, AuditTrail audit) {
        this.policy = policy;
        this.audit = audit;
    }

    @Override
    public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices services) {
        if (request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE
                && RegistryRule.isRegistryType(request.getResourceName())
                && !namesChild(request.getParameters())) {
            throw Refusals.nameTheChild(request.getResourceName());
        }
        return ConsentOutcome.PROCEED;
    }

    private static boolean namesChild(Map<String, String[]> parameters) {
        for (String name : Set.of("patient.identifier", "patient:Patient.identifier")) {
            String[] values = parameters.get(name);
            if (values != null && values.length > 0 && values[0] != null && !values[0].isBlank()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean shouldProcessCanSeeResource(RequestDetails request, IConsentContextServices services) {
        return true;
    }

    @Override
    public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource,
                                         IConsentContextServices services) {
        Optional<Participant> caller = Callers.of(request);
        if (caller.isPresent() && !policy.mayRead(caller.get(), resource)) {
            return ConsentOutcome.REJECT;
        }
        String child = childOf(resource);
        if (child != null) {
            seen(request).put(child, resource.getIdElement().getValue());
        }
        return ConsentOutcome.PROCEED;
    }

    @Override
    public void completeOperationSuccess(RequestDetails request, IConsentContextServices services) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == null || !RegistryRule.isRegistryType(request.getResourceName())) {
            return;
        }
        String reader = Callers.of(request).map(Participant::id).orElse(AuditTrail.LOOPBACK);
        switch (operation) {
            case SEARCH_TYPE -> audit.query(reader, searchedChild(request), request.getResourceName(),
                    request.getCompleteUrl(), seen(request).size());
            case READ, VREAD, HISTORY_INSTANCE -> seen(request).forEach((child, what) ->
                    audit.read(reader, child, what, operation == RestOperationTypeEnum.HISTORY_INSTANCE));
            default -> {
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> seen(RequestDetails request) {
        return (Map<String, String>) request.getUserData().computeIfAbsent(SEEN, k -> new LinkedHashMap<>());
    }

    private static String searchedChild(RequestDetails request) {
        for (String name : Set.of("patient.identifier", "patient:Patient.identifier")) {
            String[] values = request.getParameters().get(name);
            if (values != null && values.length > 0) {
                String value = values[0];
                return value.contains("|") ? value.substring(value.indexOf('|') + 1) : value;
            }
        }
        return null;
    }

    static String childOf(IBaseResource resource) {
        if (resource instanceof Consent c) {
            return c.getPatient().getIdentifier().getValue();
        }
        if (resource instanceof RelatedPerson rp) {
            return rp.getPatient().getIdentifier().getValue();
        }
        if (resource instanceof AuditEvent a) {
            return AuditTrail.childOf(a);
        }
        return null;
    }
}
