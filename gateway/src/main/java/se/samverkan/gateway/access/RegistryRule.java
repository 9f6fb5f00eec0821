package se.samverkan.gateway.access;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationFlagsEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import se.samverkan.gateway.routing.Participant;

/**
 * The access policy as one of HAPI's authorisation rules, for the registry's types (Consent, RelatedPerson,
 * AuditEvent). It is asked three times in a request: when it comes in (the operation, not yet the resource), when
 * a provider is about to store a resource (the storage pointcuts, with the stored version and the new one), and
 * for every resource going out. A custom rule rather than the rule builder's compartments, since the registry
 * knows a child by identity number and a participant by several identifiers, not by resource ids.
 */
final class RegistryRule implements IAuthRule {

    static final Set<String> TYPES = Set.of("Consent", "RelatedPerson", "AuditEvent");

    /** Whether a type is one the registry keeps; null (a server operation has no type) is not. */
    static boolean isRegistryType(String type) {
        return type != null && TYPES.contains(type);
    }

    private final Participant caller;
    private final AccessPolicy policy;

    RegistryRule(Participant caller, AccessPolicy policy) {
        this.caller = caller;
        this.policy = policy;
    }

    @Override
    public Verdict applyRule(RestOperationTypeEnum operation, RequestDetails request, IBaseResource input,
                             IIdType inputId, IBaseResource output, IRuleApplier applier,
                             Set<AuthorizationFlagsEnum> flags, Pointcut pointcut) {
        if (output != null) {
            if (!isRegistryType(type(output, null, null))) {
                return null;
            }
            return verdict(policy.mayRead(caller, output));
        }
        // an operation's input is its Parameters: the type is the one the operation is called on
        boolean operationCall = operation == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
                || operation == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE;
        String type = operationCall ? type(null, inputId, request) : type(input, inputId, request);
        if (type == null) {
            // a page of an earlier search: every resource on it is checked on the way out
            return operation == RestOperationTypeEnum.GET_PAGE ? verdict(true) : null;
        }
        if (!isRegistryType(type)) {
            return null;
        }
        return switch (operation) {
            // what is read is checked on the way out; the search's child is required by RegistryVisibility
            case READ, VREAD, HISTORY_INSTANCE, SEARCH_TYPE, GET_PAGE -> verdict(true);
            // judged when the provider fires the storage pointcuts with the stored and the new version: only then
            // does the resource carry who recorded it
            case CREATE, UPDATE -> verdict(!"AuditEvent".equals(type)
                    && (pointcut == Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED || input == null
                            || policy.mayWrite(caller, input).isEmpty()));
            // $withdraw, $validate: the write a withdrawal makes is checked at the storage pointcut
            case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE -> verdict(!"AuditEvent".equals(type));
            // type history, delete, patch and the rest: nothing lists or removes the registry's entries
            default -> verdict(false);
        };
    }

    private Verdict verdict(boolean allow) {
        return new Verdict(allow ? PolicyEnum.ALLOW : PolicyEnum.DENY, this);
    }

    private static String type(IBaseResource resource, IIdType id, RequestDetails request) {
        if (resource != null) {
            return resource.fhirType();
        }
        if (id != null && id.hasResourceType()) {
            return id.getResourceType();
        }
        return request == null ? null : request.getResourceName();
    }

    @Override
    public String getName() {
        return "registry access (DOMAIN.md section 6)";
    }
}
