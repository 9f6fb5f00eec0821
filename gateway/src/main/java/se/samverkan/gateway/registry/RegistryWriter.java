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

    /** The source of what a BHV export's records carry: {@code urn:samverkan:batch:<exporting unit>}. */
    public static final String BATCH_SOURCE = "urn:samverkan:batch:";

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
        Optional<StoredResource> stored = store.read(resource.fhirType(), id);
        if (stored.isEmpty()) {
            // the usual case in a first run: nothing to compare with, so it is encoded once, when it is written
            candidate.getMeta().setSource(source);
            candidate.setId(id);
            store.create(candidate, Indexes.of(candidate), recorder(source, resource));
            return;
        }
        IParser parser = fhir.newJsonParser();
        Resource current = (Resource) parser.parseResource(stored.get().body());
        boolean ours = source.equals(current.getMeta().getSource());
        if (!ours) {
            return;
        }
        current.setId((String) null);
        current.setMeta(null);
        if (parser.encodeResourceToString(current).equals(parser.encodeResourceToString(candidate))) {
            return;
        }
        candidate.getMeta().setSource(source);
        store.update(id, candidate, Indexes.of(candidate), recorder(source, resource), null);
    }

    /**
     * Who recorded what a batch carries: the exporting unit of a BHV export; for an elevhälsa export the
     * organisation its Consent names. Otherwise the gateway, and then only operators change it.
     */
    static Author recorder(String source, Resource resource) {
        if (source.startsWith(BATCH_SOURCE)) {
            return Author.participant(source.substring(BATCH_SOURCE.length()));
        }
        if (resource instanceof org.hl7.fhir.r4.model.Consent consent && consent.hasOrganization()
                && consent.getOrganizationFirstRep().getIdentifier().hasValue()) {
            return Author.participant(consent.getOrganizationFirstRep().getIdentifier().getValue());
        }
        return Author.GATEWAY;
    }
}
