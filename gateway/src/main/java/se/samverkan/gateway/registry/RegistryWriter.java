package se.samverkan.gateway.registry;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes resources that arrive by other paths than the FHIR face (consents and guardians in batch
 * records) into the registry, so the FHIR face shows every consent the gateway acts on. Writing the
 * same content again is not a new version: re-running a batch leaves the registry as it was.
 */
@Component
public class RegistryWriter {

    private final ResourceStore store;
    private final FhirContext fhir;

    public RegistryWriter(ResourceStore store, FhirContext fhir) {
        this.store = store;
        this.fhir = fhir;
    }

    @Transactional
    public void upsert(String id, Resource resource) {
        Resource candidate = resource.copy();
        candidate.setId((String) null);
        candidate.setMeta(null);
        IParser parser = fhir.newJsonParser();
        String wanted = parser.encodeResourceToString(candidate);
        boolean unchanged = store.read(resource.fhirType(), id)
                .map(stored -> {
                    Resource current = (Resource) parser.parseResource(stored.body());
                    current.setId((String) null);
                    current.setMeta(null);
                    return parser.encodeResourceToString(current).equals(wanted);
                })
                .orElse(false);
        if (!unchanged) {
            store.update(id, candidate, Indexes.of(candidate));
        }
    }
}
