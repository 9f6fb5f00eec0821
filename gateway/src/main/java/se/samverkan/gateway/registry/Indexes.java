package se.samverkan.gateway.registry;

import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.fhir.Systems;

/** The search columns of the resources the registry keeps. */
public final class Indexes {

    static final String RECIPIENT_ROLE = "IRCP";

    private Indexes() {
    }

    public static ResourceStore.Index of(Resource resource) {
        if (resource instanceof Consent c) {
            return new ResourceStore.Index(c.getPatient().getIdentifier().getValue(),
                    c.getStatus() == null ? null : c.getStatus().toCode(), recipients(c));
        }
        if (resource instanceof RelatedPerson rp) {
            return new ResourceStore.Index(rp.getPatient().getIdentifier().getValue(),
                    rp.getActive() ? "active" : "inactive", null);
        }
        if (resource instanceof AuditEvent a) {
            String child = a.getEntity().stream()
                    .filter(e -> e.getWhat().getIdentifier().hasValue())
                    .filter(e -> isIdentityNumber(e.getWhat().getIdentifier()))
                    .map(e -> e.getWhat().getIdentifier().getValue())
                    .findFirst().orElse(null);
            return new ResourceStore.Index(child, a.getOutcome() == null ? null : a.getOutcome().toCode(), null);
        }
        return ResourceStore.Index.NONE;
    }

    static boolean isIdentityNumber(Identifier identifier) {
        return Systems.isIdentitySystem(identifier.getSystem());
    }

    /** ";system|value;" for every recipient actor of the provision tree, HSA-ids under the emitted OID. */
    static String recipients(Consent consent) {
        List<String> all = new java.util.ArrayList<>();
        collect(consent.getProvision(), all);
        return all.isEmpty() ? null : all.stream().distinct().collect(Collectors.joining(";", ";", ";"));
    }

    private static void collect(Consent.ProvisionComponent provision, List<String> out) {
        for (Consent.provisionActorComponent actor : provision.getActor()) {
            if (actor.getRole().hasCoding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                    RECIPIENT_ROLE) && actor.getReference().getIdentifier().hasValue()) {
                Identifier id = actor.getReference().getIdentifier();
                out.add(normalise(id.getSystem()) + "|" + id.getValue());
            }
        }
        provision.getProvision().forEach(p -> collect(p, out));
    }

    public static String normalise(String system) {
        return Systems.HSA_ID_RIVTA.equals(system) ? Systems.HSA_ID : system;
    }
}
