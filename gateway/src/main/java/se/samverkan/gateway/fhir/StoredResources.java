package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.access.Refusals;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.registry.StoredResource;

/**
 * Read, version read, history and search of one resource type, shared by the resource providers. Whatever it
 * finds passes the storage pointcuts (what the caller may see) before it is returned.
 */
final class StoredResources<T extends Resource> {

    private final ResourceStore store;
    private final FhirContext fhir;
    private final Class<T> type;
    private final String name;

    StoredResources(ResourceStore store, FhirContext fhir, Class<T> type) {
        this.store = store;
        this.fhir = fhir;
        this.type = type;
        this.name = fhir.getResourceType(type);
    }

    T read(IdType id, RequestDetails request) {
        StoredResource found = (id.hasVersionIdPart()
                ? store.read(name, id.getIdPart(), id.getVersionIdPartAsLong().intValue())
                : store.read(name, id.getIdPart()))
                .orElseThrow(() -> Refusals.notFound(request, id));
        List<T> shown = StoragePointcuts.accessible(request, List.of(parse(found)));
        if (shown.isEmpty()) {
            throw Refusals.notYours();
        }
        return shown.get(0);
    }

    /** The stored current version, as the access policy and the update compare it; null when there is none. */
    T current(String id) {
        return store.read(name, id).map(this::parse).orElse(null);
    }

    List<T> history(IdType id, RequestDetails request) {
        List<T> versions = store.history(name, id.getIdPart()).stream().map(this::parse).toList();
        if (versions.isEmpty()) {
            throw Refusals.notFound(request, id);
        }
        List<T> shown = StoragePointcuts.accessible(request, versions);
        if (shown.size() < versions.size()) {
            throw Refusals.notYours();
        }
        return shown;
    }

    List<T> search(ReferenceParam patient, TokenParam status, TokenParam recipient, RequestDetails request) {
        String child = patient == null ? null : childValue(patient);
        String recipientKey = recipient == null ? null
                : se.samverkan.gateway.registry.Indexes.normalise(recipient.getSystem()) + "|" + recipient.getValue();
        List<T> found = store.search(name, child, status == null ? null : status.getValue(), recipientKey).stream()
                .map(this::parse).toList();
        return StoragePointcuts.accessible(request, found);
    }

    /** {@code patient.identifier=system|value}: the only way the registry knows a child. */
    private static String childValue(ReferenceParam patient) {
        if (!"identifier".equals(patient.getChain())) {
            throw new InvalidRequestException("GW-4010 search by patient.identifier=system|value");
        }
        String value = patient.getValue();
        return value.contains("|") ? value.substring(value.indexOf('|') + 1) : value;
    }

    T parse(StoredResource stored) {
        return stored.parse(fhir.newJsonParser(), type);
    }
}
