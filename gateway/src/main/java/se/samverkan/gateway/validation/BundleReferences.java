package se.samverkan.gateway.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;

/**
 * A Bundle's urn:uuid references must resolve to one of its entries: such an address means nothing outside the
 * Bundle, so a reference no entry carries points nowhere. The HL7 reference engine reports it as an error; HAPI's
 * validator, as the gateway configures it (its default policy advisor checks no reference), says nothing, so the
 * gateway checks it itself (issue 17).
 */
final class BundleReferences {

    static final String MESSAGE = "Unable to resolve resource with reference '%s': no entry of the Bundle has this fullUrl";

    private BundleReferences() {
    }

    /** One error per urn:uuid reference that no entry's fullUrl matches. */
    static List<ProfileValidator.Issue> unresolved(Bundle bundle) {
        Set<String> fullUrls = new HashSet<>();
        bundle.getEntry().forEach(e -> {
            if (e.hasFullUrl()) {
                fullUrls.add(e.getFullUrl());
            }
        });
        List<ProfileValidator.Issue> out = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Base resource = bundle.getEntry().get(i).getResource();
            if (resource != null) {
                scan(resource, "Bundle.entry[" + i + "].resource", fullUrls, out);
            }
        }
        return out;
    }

    private static void scan(Base node, String path, Set<String> fullUrls, List<ProfileValidator.Issue> out) {
        if (node instanceof Reference ref && ref.hasReference() && ref.getReference().startsWith("urn:uuid:")
                && !fullUrls.contains(ref.getReference())) {
            out.add(new ProfileValidator.Issue(path, String.format(MESSAGE, ProfileValidator.redact(ref.getReference()))));
        }
        for (Property child : node.children()) {
            List<Base> values = child.getValues();
            for (int j = 0; j < values.size(); j++) {
                Base value = values.get(j);
                if (value != null) {
                    scan(value, path + "." + child.getName() + (child.getMaxCardinality() > 1 ? "[" + j + "]" : ""), fullUrls, out);
                }
            }
        }
    }
}
