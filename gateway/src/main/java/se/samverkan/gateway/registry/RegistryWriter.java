package se.samverkan.gateway.registry;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes resources that arrive by other paths than the FHIR face (consents and guardians in batch
 * records) into the registry, so the FHIR face shows every consent the gateway acts on. Writing the
 * same content again is not a new version: re-running a batch leaves the registry as it was. An entry
 * that was changed through the FHIR face since (a withdrawal, say) is not overwritten by the older
 * picture a batch carries: the registry is the newer truth.
 */
@Component
public class RegistryWriter {

    private final ResourceStore store;
    private final FhirContext fhir;

    public RegistryWriter(ResourceStore store, FhirContext fhir) {
        this.store = store;
        this.fhir = fhir;
    }

    /** Writes the resource under the id on behalf of {@code source} (a URI naming the batch's sender). */
    @Transactional
    public void upsert(String id, Resource resource, String source) {
        Resource candidate = resource.copy();
        candidate.setId((String) null);
        candidate.setMeta(null);
        IParser parser = fhir.newJsonParser();
        String wanted = parser.encodeResourceToString(candidate);
        Optional<Resource> current = store.read(resource.fhirType(), id)
                .map(stored -> (Resource) parser.parseResource(stored.body()));
        if (current.isPresent()) {
            boolean ours = source.equals(current.get().getMeta().getSource());
            current.get().setId((String) null);
            current.get().setMeta(null);
            if (!ours || parser.encodeResourceToString(current.get()).equals(wanted)) {
                return;
            }
        }
        candidate.getMeta().setSource(source);
        store.update(id, candidate, Indexes.of(candidate));
    }
}
