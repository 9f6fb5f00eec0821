package se.samverkan.gateway.fhir;

import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.rest.api.InterceptorInvocationTimingEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The storage pointcuts a JPA server fires, fired by the registry's plain providers so that HAPI's interceptors
 * (authorisation, consent, audit) see every read and write: before a resource is shown, before one is stored
 * (with the stored version it replaces), and before the write commits.
 */
final class StoragePointcuts {

    private StoragePointcuts() {
    }

    /** The resources the caller may see, in order; the others are left out. */
    static <T extends IBaseResource> List<T> accessible(RequestDetails request, List<T> resources) {
        IInterceptorBroadcaster hooks = request == null ? null : request.getInterceptorBroadcaster();
        if (hooks == null || resources.isEmpty()) {
            return resources;
        }
        SimplePreResourceAccessDetails access = new SimplePreResourceAccessDetails(resources);
        hooks.callHooks(Pointcut.STORAGE_PREACCESS_RESOURCES, params(request)
                .add(IPreResourceAccessDetails.class, access));
        List<T> visible = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            if (!access.isDontReturnResourceAtIndex(i)) {
                visible.add(resources.get(i));
            }
        }
        SimplePreResourceShowDetails show = new SimplePreResourceShowDetails(visible);
        hooks.callHooks(Pointcut.STORAGE_PRESHOW_RESOURCES, params(request).add(IPreResourceShowDetails.class, show));
        return visible;
    }

    static void beforeCreate(RequestDetails request, IBaseResource resource) {
        call(request, Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, new HookParams()
                .add(IBaseResource.class, resource)
                .add(RequestDetails.class, request)
                .addIfMatchesType(ServletRequestDetails.class, request)
                .add(TransactionDetails.class, new TransactionDetails())
                .add(RequestPartitionId.class, null));
    }

    static void beforeUpdate(RequestDetails request, IBaseResource stored, IBaseResource resource) {
        call(request, Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, new HookParams()
                .add(IBaseResource.class, stored)
                .add(IBaseResource.class, resource)
                .add(RequestDetails.class, request)
                .addIfMatchesType(ServletRequestDetails.class, request)
                .add(TransactionDetails.class, new TransactionDetails()));
    }

    static void createdBeforeCommit(RequestDetails request, IBaseResource resource) {
        call(request, Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, new HookParams()
                .add(IBaseResource.class, resource)
                .add(RequestDetails.class, request)
                .addIfMatchesType(ServletRequestDetails.class, request)
                .add(TransactionDetails.class, new TransactionDetails())
                .add(InterceptorInvocationTimingEnum.class, InterceptorInvocationTimingEnum.ACTIVE));
    }

    static void updatedBeforeCommit(RequestDetails request, IBaseResource stored, IBaseResource resource) {
        call(request, Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, new HookParams()
                .add(IBaseResource.class, stored)
                .add(IBaseResource.class, resource)
                .add(RequestDetails.class, request)
                .addIfMatchesType(ServletRequestDetails.class, request)
                .add(TransactionDetails.class, new TransactionDetails())
                .add(InterceptorInvocationTimingEnum.class, InterceptorInvocationTimingEnum.ACTIVE));
    }

    private static HookParams params(RequestDetails request) {
        return new HookParams().add(RequestDetails.class, request)
                .addIfMatchesType(ServletRequestDetails.class, request);
    }

    private static void call(RequestDetails request, Pointcut pointcut, HookParams params) {
        IInterceptorBroadcaster hooks = request == null ? null : request.getInterceptorBroadcaster();
        if (hooks != null) {
            hooks.callHooks(pointcut, params);
        }
    }
}
