package se.samverkan.gateway.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * Stands in for the database: holds Consent and RelatedPerson resources and answers as the registry's
 * javadoc says, by the child's identity number. Counts reads, so tests can see what a decision costs.
 */
final class InMemoryConsentRegistry implements ConsentRegistry {

    private final List<Consent> consents = new ArrayList<>();
    private final List<RelatedPerson> relatedPersons = new ArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    private boolean careless;

    /** A registry that hands out every consent it has, whoever it is about: the gate must check. */
    InMemoryConsentRegistry careless() {
        careless = true;
        return this;
    }

    InMemoryConsentRegistry add(Resource... resources) {
        for (Resource resource : resources) {
            if (resource instanceof Consent c) {
                consents.removeIf(old -> old.getIdElement().getIdPart().equals(c.getIdElement().getIdPart()));
                consents.add(c);
            } else if (resource instanceof RelatedPerson rp) {
                relatedPersons.add(rp);
            } else {
                throw new IllegalArgumentException("not kept here: " + resource.fhirType());
            }
        }
        return this;
    }

    @Override
    public List<Consent> consentsFor(PersonalIdentityNumber child) {
        reads.incrementAndGet();
        return consents.stream().filter(c -> careless || about(c.getPatient(), child)).toList();
    }

    @Override
    public List<RelatedPerson> guardiansOf(PersonalIdentityNumber child) {
        reads.incrementAndGet();
        return relatedPersons.stream().filter(rp -> about(rp.getPatient(), child)).toList();
    }

    @Override
    public Optional<RelatedPerson> relatedPerson(String id) {
        reads.incrementAndGet();
        String idPart = id.substring(id.lastIndexOf('/') + 1);
        return relatedPersons.stream().filter(rp -> rp.getIdElement().getIdPart().equals(idPart)).findFirst();
    }

    private static boolean about(org.hl7.fhir.r4.model.Reference patient, PersonalIdentityNumber child) {
        return patient.hasIdentifier() && child.value().equals(patient.getIdentifier().getValue())
                && (Systems.PERSONNUMMER.equals(patient.getIdentifier().getSystem())
                        || Systems.SAMORDNINGSNUMMER.equals(patient.getIdentifier().getSystem()));
    }
}
