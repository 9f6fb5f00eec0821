package se.samverkan.gateway.consent;

import java.util.Objects;
import org.hl7.fhir.r4.model.Identifier;
import se.samverkan.gateway.fhir.Systems;

/**
 * An organisation (or unit) as the parties of a flow name it: an identifier system and a value. The
 * RIV-TA OID for HSA-id is the same system as the HSA-id OID, so both are kept as the latter and an
 * identifier in either matches.
 */
public record OrganisationId(String system, String value) {

    public OrganisationId {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(value, "value");
        system = canonicalSystem(system.trim());
        value = value.trim();
        if (system.isEmpty() || value.isEmpty()) {
            throw new IllegalArgumentException("an organisation needs an identifier system and a value");
        }
    }

    public static OrganisationId of(String system, String value) {
        return new OrganisationId(system, value);
    }

    public static OrganisationId hsaId(String value) {
        return new OrganisationId(Systems.HSA_ID, value);
    }

    public static OrganisationId skolenhetskod(String value) {
        return new OrganisationId(Systems.SKOLENHETSKOD, value);
    }

    public static OrganisationId organisationsnummer(String value) {
        return new OrganisationId(Systems.ORGANISATIONSNUMMER, value);
    }

    public static OrganisationId kommunkod(String value) {
        return new OrganisationId(Systems.KOMMUNKOD, value);
    }

    /** A registered participant's id as its certificate carries it: an organisationsnummer (10 digits) or an HSA-id. */
    public static OrganisationId ofParticipant(String id) {
        return id.matches("\\d{10}") ? organisationsnummer(id) : hsaId(id);
    }

    /** A reference to this organisation by its identifier, as payloads name senders and recipients. */
    public org.hl7.fhir.r4.model.Reference reference() {
        return new org.hl7.fhir.r4.model.Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(system).setValue(value));
    }

    /** Whether a FHIR identifier names this organisation (system compared as one for both HSA-id OIDs). */
    public boolean matches(Identifier identifier) {
        return identifier != null && identifier.hasSystem() && identifier.hasValue()
                && system.equals(canonicalSystem(identifier.getSystem().trim()))
                && value.equals(identifier.getValue().trim());
    }

    static String canonicalSystem(String system) {
        return Systems.HSA_ID_RIVTA.equals(system) ? Systems.HSA_ID : system;
    }
}
