package se.samverkan.gateway.bhv;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import se.samverkan.gateway.registry.RegistryWriter;

/**
 * Lands the guardians and consents of a BHV record in the consent registry before the decision, so the
 * decision and the FHIR face see the same consents. Ids are natural keys (child, person, date,
 * decision), so the same consent exported in two batches is one registry entry.
 */
class BatchConsentImport {

    private final RegistryWriter registry;

    BatchConsentImport(RegistryWriter registry) {
        this.registry = registry;
    }

    /** Writes copies: the resources given stay as they are, for the Bundle. */
    void importRecord(TransferContext ctx, List<RelatedPerson> guardians, List<Consent> consents) {
        String child = ctx.child().value();
        String source = "urn:samverkan:batch:" + ctx.header().getExportingUnit();
        for (RelatedPerson mapped : guardians) {
            RelatedPerson guardian = mapped.copy();
            guardian.setPatient(outsideBundle(guardian.getPatient()));
            registry.upsert(key("guardian", child, guardian.getIdentifierFirstRep().getValue()), guardian, source);
        }
        for (Consent mapped : consents) {
            Consent consent = mapped.copy();
            consent.setPatient(outsideBundle(consent.getPatient()));
            consent.setPerformer(consent.getPerformer().stream().map(BatchConsentImport::outsideBundle).toList());
            registry.upsert(key("consent", ctx.header().getExportingUnit(), child,
                    consent.getPerformerFirstRep().getIdentifier().getValue(), consent.getDateTimeElement().getValueAsString(),
                    consent.getProvision().getType().toCode(),
                    consent.getProvision().getCode().stream().map(c -> c.getCodingFirstRep().getCode()).toList().toString()),
                    consent, source);
        }
    }

    /** A urn:uuid reference means something only inside its Bundle: keep type and identifier. */
    private static Reference outsideBundle(Reference reference) {
        return new Reference().setType(reference.getType()).setIdentifier(reference.getIdentifier());
    }

    private static String key(String... parts) {
        return "bhv-" + UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }
}
