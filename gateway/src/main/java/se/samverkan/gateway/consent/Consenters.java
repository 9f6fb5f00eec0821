package se.samverkan.gateway.consent;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import se.samverkan.gateway.fhir.Systems;

/**
 * C4: who must consent for this child at this moment, and which of them a consent's performers name.
 * 18 or over (age from the identity number on the Swedish date of decision): the student alone. Under 18:
 * every guardian with custody, and the child too from the flow's configured age. Persons are keyed by
 * identity number, or by RelatedPerson id for a guardian on file without one.
 */
final class Consenters {

    static final int AGE_OF_MAJORITY = 18;
    private static final Set<String> ROLE_CODE = Set.of("http://terminology.hl7.org/CodeSystem/v3-RoleCode",
            "http://hl7.org/fhir/v3/RoleCode");

    private final String child;
    private final boolean adult;
    private final Set<String> required = new LinkedHashSet<>();
    private final Map<String, String> keys = new HashMap<>();
    private final ConsentRegistry registry;

    Consenters(DecisionRequest request, FlowRule flow, ConsentRegistry registry) {
        this.child = request.child().value();
        this.registry = registry;
        int age = request.child().ageOn(request.at().atZone(FhirTime.SWEDEN).toLocalDate());
        this.adult = age >= AGE_OF_MAJORITY;
        if (adult || (flow.childConsentFromAge() != null && age >= flow.childConsentFromAge())) {
            add(child, child, null);
        }
        if (!adult) {
            List<RelatedPerson> guardians = registry.guardiansOf(request.child());
            for (int i = 0; i < guardians.size(); i++) {
                RelatedPerson guardian = guardians.get(i);
                if (hasCustody(guardian, request.at())) {
                    String local = guardian.hasIdElement() && guardian.getIdElement().hasIdPart()
                            ? "RelatedPerson/" + guardian.getIdElement().getIdPart() : null;
                    String identity = identity(guardian.getIdentifier());
                    // a guardian no consent can name still counts: every guardian with custody must consent
                    add(identity != null ? identity : local != null ? local : "guardian[" + i + "]", identity, local);
                }
            }
        }
    }

    private void add(String person, String identity, String local) {
        required.add(person);
        if (identity != null) {
            keys.put(identity, person);
        }
        if (local != null) {
            keys.put(local, person);
        }
    }

    /** Custody now: a guardian (GUARD) of this child, not inactive, within its period if it has one. */
    private boolean hasCustody(RelatedPerson guardian, Instant now) {
        // active left out is counted as custody: dropping a guardian would let fewer consents suffice
        return !(guardian.hasActive() && !guardian.getActive())
                && (!guardian.hasPeriod() || FhirTime.covers(guardian.getPeriod(), now))
                && guardian.getRelationship().stream().flatMap(r -> r.getCoding().stream())
                        .anyMatch(c -> ROLE_CODE.contains(c.getSystem()) && "GUARD".equals(c.getCode()))
                && !(guardian.hasPatient() && guardian.getPatient().hasIdentifier()
                        && !identifies(guardian.getPatient(), child));
    }

    Set<String> required() {
        return required;
    }

    boolean adult() {
        return adult;
    }

    boolean isChild(String person) {
        return child.equals(person);
    }

    /** The persons who must consent that this consent's performers name; others count for nothing (C4). */
    Set<String> named(Consent consent) {
        Set<String> named = new LinkedHashSet<>();
        for (Reference performer : consent.getPerformer()) {
            String person = person(performer, consent);
            if (person != null && required.contains(person)) {
                named.add(person);
            }
        }
        return named;
    }

    /** Whether the consent's performers include the child (by identity number or as the consent's patient). */
    boolean byTheChild(Consent consent) {
        for (Reference performer : consent.getPerformer()) {
            if (identifies(performer, child) || (performer.hasReference() && consent.hasPatient()
                    && performer.getReference().equals(consent.getPatient().getReference()))) {
                return true;
            }
        }
        return false;
    }

    private String person(Reference performer, Consent consent) {
        if (performer.hasIdentifier()) {
            String identity = identity(List.of(performer.getIdentifier()));
            return identity == null ? null : keys.get(identity);
        }
        if (!performer.hasReference()) {
            return null;
        }
        String reference = performer.getReference();
        if (consent.hasPatient() && reference.equals(consent.getPatient().getReference())) {
            return keys.get(child);
        }
        IdType id = new IdType(reference);
        String local = id.hasResourceType() ? id.getResourceType() + "/" + id.getIdPart() : reference;
        if (keys.containsKey(local) || !local.startsWith("RelatedPerson/")) {
            return keys.get(local);
        }
        return registry.relatedPerson(local).map(rp -> identity(rp.getIdentifier())).map(keys::get).orElse(null);
    }

    /** Whether the reference carries this identity number (personnummer or samordningsnummer). */
    static boolean identifies(Reference reference, String identityNumber) {
        return reference.hasIdentifier() && identityNumber.equals(identity(List.of(reference.getIdentifier())));
    }

    private static String identity(List<Identifier> identifiers) {
        for (Identifier identifier : identifiers) {
            if (identifier.hasValue() && Systems.isIdentitySystem(identifier.getSystem())) {
                return identifier.getValue().trim();
            }
        }
        return null;
    }
}
