package se.samverkan.gateway.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.security.Callers;

/**
 * Every write through the FHIR face becomes an audit event with its author, in the transaction that stores it
 * (the providers fire the pre-commit pointcuts inside it): a create or an update of a child's consent or guardian
 * is in that child's trail.
 */
@Interceptor
final class AccessAudit {

    private final AuditTrail audit;

    AccessAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        audit.write(author(request), null, null, RegistryVisibility.childOf(resource),
                resource.getIdElement().getValue(), false);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource before, IBaseResource after, RequestDetails request) {
        audit.write(author(request), null, null, RegistryVisibility.childOf(after), after.getIdElement().getValue(),
                true);
    }

    private static String author(RequestDetails request) {
        return Callers.of(request).map(Participant::id).orElse(AuditTrail.LOOPBACK);
    }
}
