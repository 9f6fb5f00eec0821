package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.context.FhirContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.fhir.Systems;

/**
 * C11 beyond the payload parts: what can carry content but has no data category is not sent. Kept parts lose
 * the extensions the gateway does not define; notes go unless they carry a data category the decision
 * permits; contained resources go unless what is left references them (the child, a kept part's document);
 * the narrative goes (it may tell what was stripped); extensions on the Communication the gateway does not
 * define go.
 */
final class Unclassified {

    private static final String OWN_EXTENSIONS = Systems.CANONICAL_BASE + "/StructureDefinition/";

    private Unclassified() {
    }

    static void strip(Communication c, List<Communication.CommunicationPayloadComponent> kept,
                      Set<DataCategory> permitted, FhirContext fhir) {
        c.setPayload(new java.util.ArrayList<>(kept));
        for (Communication.CommunicationPayloadComponent part : kept) {
            ownOnly(part);
            part.getModifierExtension().clear();
            if (part.hasContentAttachment()) {
                ownOnly(part.getContentAttachment());
            }
            if (part.hasContentReference()) {
                ownOnly(part.getContentReference());
            }
        }
        c.getNote().removeIf(note -> !categoryPermitted(note, permitted));
        c.getNote().forEach(Unclassified::ownOnly);
        // what is left references the contained resources it needs (the child, a kept part's document)
        Set<String> referenced = new HashSet<>();
        for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(c, Reference.class)) {
            String ref = reference.getReference();
            if (ref != null && ref.startsWith("#")) {
                referenced.add(ref.substring(1));
            }
        }
        List<Resource> contained = c.getContained();
        contained.removeIf(r -> r.getIdElement() == null || !referenced.contains(stripHash(r.getIdElement().getIdPart())));
        c.setText(null);
        ownOnly(c);
    }

    private static String stripHash(String id) {
        return id == null ? "" : id.startsWith("#") ? id.substring(1) : id;
    }

    private static boolean categoryPermitted(Element element, Set<DataCategory> permitted) {
        Extension extension = element.getExtensionByUrl(Systems.DATA_CATEGORY_EXT);
        if (extension == null || extension.getValue() == null) {
            return false;
        }
        return DataCategory.fromCode(extension.getValue().primitiveValue()).map(permitted::contains).orElse(false);
    }

    private static void ownOnly(Element element) {
        element.getExtension().removeIf(e -> e.getUrl() == null || !e.getUrl().startsWith(OWN_EXTENSIONS));
    }

    private static void ownOnly(DomainResource resource) {
        resource.getExtension().removeIf(e -> e.getUrl() == null || !e.getUrl().startsWith(OWN_EXTENSIONS));
    }
}
