package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.registry.ResourceStore;

/**
 * The audit trail, read-only and append-only: every decision, delivery, read and write about a child (C13),
 * searchable per child. A participant sees the events it took part in (DOMAIN.md section 6).
 */
@Component
class AuditEventResourceProvider implements IResourceProvider {

    private final StoredResources<AuditEvent> events;

    AuditEventResourceProvider(ResourceStore store, FhirContext fhir) {
        this.events = new StoredResources<>(store, fhir, AuditEvent.class);
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id, RequestDetails request) {
        return events.read(id, request);
    }

    @Search
    public List<AuditEvent> search(
            @OptionalParam(name = AuditEvent.SP_PATIENT, chainWhitelist = {"identifier"}) ReferenceParam patient,
            RequestDetails request) {
        return events.search(patient, null, null, request);
    }
}
