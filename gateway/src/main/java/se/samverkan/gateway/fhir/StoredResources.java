package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.registry.StoredResource;

/** Read, version read, history and search of one resource type, shared by the resource providers. */
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

    T read(IdType id) {
        StoredResource found = (id.hasVersionIdPart()
                ? store.read(name, id.getIdPart(), id.getVersionIdPartAsLong().intValue())
                : store.read(name, id.getIdPart()))
                .orElseThrow(() -> new ResourceNotFoundException(id));
        return parse(found);
    }

    List<T> history(IdType id) {
        List<StoredResource> versions = store.history(name, id.getIdPart());
        if (versions.isEmpty()) {
            throw new ResourceNotFoundException(id);
        }
        return versions.stream().map(this::parse).toList();
    }

    List<T> search(ReferenceParam patient, TokenParam status, TokenParam recipient) {
        String child = patient == null ? null : childValue(patient);
        String recipientKey = recipient == null ? null
                : se.samverkan.gateway.registry.Indexes.normalise(recipient.getSystem()) + "|" + recipient.getValue();
        return store.search(name, child, status == null ? null : status.getValue(), recipientKey).stream()
                .map(this::parse).toList();
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
        return fhir.newJsonParser().parseResource(type, stored.body());
    }
}
