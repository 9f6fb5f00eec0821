package se.samverkan.gateway.registry;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.consent.ConsentRegistry;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/** The consent registry over the database: what the policy decision point reads. */
@Component
public class JdbcConsentRegistry implements ConsentRegistry {

    private final ResourceStore store;
    private final FhirContext fhir;

    public JdbcConsentRegistry(ResourceStore store, FhirContext fhir) {
        this.store = store;
        this.fhir = fhir;
    }

    @Override
    public List<Consent> consentsFor(PersonalIdentityNumber child) {
        IParser parser = fhir.newJsonParser();
        return store.search("Consent", child.value(), null, null).stream()
                .map(r -> r.parse(parser, Consent.class))
                .toList();
    }

    @Override
    public List<RelatedPerson> guardiansOf(PersonalIdentityNumber child) {
        IParser parser = fhir.newJsonParser();
        return store.search("RelatedPerson", child.value(), null, null).stream()
                .map(r -> r.parse(parser, RelatedPerson.class))
                .toList();
    }

    @Override
    public Optional<RelatedPerson> relatedPerson(String id) {
        String plain = id.startsWith("RelatedPerson/") ? id.substring("RelatedPerson/".length()) : id;
        return store.read("RelatedPerson", plain)
                .map(r -> r.parse(fhir.newJsonParser(), RelatedPerson.class));
    }
}
