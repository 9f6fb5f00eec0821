package se.samverkan.gateway.consent;

import java.util.Set;
import org.hl7.fhir.r4.model.Consent;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * A consent that was active has ended: withdrawn or made inactive (C5). Published when it is stored, so that the
 * recipients who got data under it, and the guardians, are told.
 *
 * @param consentRef {@code Consent/<id>/_history/<version>} of the ending version
 * @param flows      the flows it was for (every flow F1-F7 when it named none)
 */
public record ConsentEnded(PersonalIdentityNumber child, String consentRef, Set<String> flows) {

    private static final Set<String> EVERY_FLOW = Set.of("F1", "F2", "F3", "F4", "F5", "F6", "F7");

    /**
     * The event for a newly stored refusal: a newer deny ends what earlier permits of the same person allowed
     * (C5), so the recipients that got data under them are told as for a withdrawal.
     */
    public static java.util.Optional<ConsentEnded> ofRefusal(Consent stored) {
        if (stored.getStatus() != Consent.ConsentState.ACTIVE
                || stored.getProvision().getType() != Consent.ConsentProvisionType.DENY) {
            return java.util.Optional.empty();
        }
        Consent before = stored.copy().setStatus(Consent.ConsentState.ACTIVE);
        return of(before, stored.copy().setStatus(Consent.ConsentState.INACTIVE)).map(e -> new ConsentEnded(
                e.child(), "Consent/" + stored.getIdElement().getIdPart() + "/_history/"
                + stored.getIdElement().getVersionIdPart(), e.flows()));
    }

    /** The event for a stored consent, if the change ended it (it was active before and is not now). */
    public static java.util.Optional<ConsentEnded> of(Consent before, Consent after) {
        boolean ended = before != null && before.getStatus() == Consent.ConsentState.ACTIVE
                && after.getStatus() != Consent.ConsentState.ACTIVE;
        if (!ended) {
            return java.util.Optional.empty();
        }
        return PersonalIdentityNumber.tryParse(after.getPatient().getIdentifier().getValue()).map(child -> {
            Set<String> flows = new java.util.TreeSet<>();
            after.getProvision().getPurpose().stream().filter(p -> Systems.FLOW.equals(p.getSystem()))
                    .forEach(p -> flows.add(p.getCode().toUpperCase(java.util.Locale.ROOT)));
            return new ConsentEnded(child, "Consent/" + after.getIdElement().getIdPart() + "/_history/"
                    + after.getIdElement().getVersionIdPart(), flows.isEmpty() ? EVERY_FLOW : flows);
        });
    }

    @Override
    public String toString() {
        return "ConsentEnded[" + consentRef + "]";
    }
}
