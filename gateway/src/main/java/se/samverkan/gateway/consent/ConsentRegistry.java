package se.samverkan.gateway.consent;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.RelatedPerson;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * What the policy decision point reads: the consents and guardians on file for a child, whatever
 * their source (FHIR face or batch records). Implemented over the gateway's database.
 *
 * <p>Conventions of the stored resources: {@code Consent.patient.identifier} carries the child's
 * personnummer or samordningsnummer; a performer is a Reference to the guardian (RelatedPerson) or the
 * child (Patient) whose {@code identifier} carries that person's identity number (it may also carry a
 * {@code reference} such as {@code RelatedPerson/123}, resolvable through {@link #relatedPerson}).
 * A guardian is a RelatedPerson with relationship v3-RoleCode GUARD whose {@code patient.identifier}
 * is the child, {@code active} true while the guardian has custody, and {@code period} (if any) the
 * period of custody.
 */
public interface ConsentRegistry {

    /** Every Consent about this child, any status, current version of each. */
    List<Consent> consentsFor(PersonalIdentityNumber child);

    /** Every guardian RelatedPerson of this child, current version of each. */
    List<RelatedPerson> guardiansOf(PersonalIdentityNumber child);

    /** A RelatedPerson by logical id ("123" or "RelatedPerson/123"). */
    Optional<RelatedPerson> relatedPerson(String id);
}
