package se.samverkan.gateway.fhir;

import org.hl7.fhir.r4.model.Resource;

/** Where a registry entry last came from: written through the FHIR face wins over older batch pictures. */
final class FhirFace {

    static final String SOURCE = "urn:samverkan:fhir-face";

    private FhirFace() {
    }

    static void mark(Resource resource) {
        resource.getMeta().setSource(SOURCE);
    }
}
