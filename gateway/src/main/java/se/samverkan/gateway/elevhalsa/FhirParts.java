package se.samverkan.gateway.elevhalsa;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import se.samverkan.gateway.elevhalsa.xml.Child;
import se.samverkan.gateway.elevhalsa.xml.Party;
import se.samverkan.gateway.elevhalsa.xml.PersonName;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.validation.CodeDisplays;

/** The pieces every elevhälsa mapping uses: parties, the child, codes. */
final class FhirParts {

    /** The id of the contained Patient that stands for the child in a Communication or CarePlan. */
    static final String CHILD = "child";
    static final String CHILD_REF = "#" + CHILD;

    /** HL7 Sweden's security label for a child with protected personal data (see profiles/README.md). */
    static final String SECURITY_LABEL = "http://hl7.se/fhir/ig/base/CodeSystem/SecurityLabel";
    static final String V3_ROLE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";

    private FhirParts() {
    }

    static Coding flow(String code) {
        return CodeDisplays.coding(Systems.FLOW, code);
    }

    static CodeableConcept flag(String code) {
        return new CodeableConcept(CodeDisplays.coding(Systems.FLAG, code));
    }

    /** The one identifier a party is named by. */
    static Identifier identifier(Party party) {
        if (party.getHsaId() != null) {
            return new Identifier().setSystem(Systems.HSA_ID).setValue(party.getHsaId());
        }
        if (party.getOrganisationsnummer() != null) {
            return new Identifier().setSystem(Systems.ORGANISATIONSNUMMER).setValue(party.getOrganisationsnummer());
        }
        if (party.getSkolenhetskod() != null) {
            return new Identifier().setSystem(Systems.SKOLENHETSKOD).setValue(party.getSkolenhetskod());
        }
        return new Identifier().setSystem(Systems.KOMMUNKOD).setValue(party.getKommunkod());
    }

    /** The party's identifier value: how a record-id names its sender. */
    static String id(Party party) {
        return identifier(party).getValue();
    }

    /** An Organization by identifier, with the source's name for it as display. */
    static Reference organisation(Party party) {
        Reference reference = new Reference().setType("Organization").setIdentifier(identifier(party));
        if (party.getName() != null) {
            reference.setDisplay(party.getName());
        }
        return reference;
    }

    /** The intake unit of a municipality, by kommunkod (rule C8 routes a report of concern there). */
    static Reference municipality(String kommunkod) {
        return new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(Systems.KOMMUNKOD).setValue(kommunkod));
    }

    static Identifier person(PersonalIdentityNumber id) {
        return new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL)
                .setSystem(Systems.identitySystem(id)).setValue(id.value());
    }

    /** The child as a resource names it from outside: by type and identity number. */
    static Reference childByIdentifier(PersonalIdentityNumber id) {
        return new Reference().setType("Patient").setIdentifier(person(id));
    }

    static HumanName name(PersonName name) {
        return new HumanName().setUse(HumanName.NameUse.OFFICIAL).setFamily(name.getFamily()).addGiven(name.getGiven());
    }

    static Identifier recordId(String sender, String recordId) {
        return new Identifier().setSystem(Systems.RECORD_ID).setValue(sender + "/" + recordId);
    }

    /**
     * The contained Patient "child" of an identified record (its identity number checked before). A child with
     * protected personal data is labelled on the container (see {@link #protect}): a contained resource carries
     * no security label of its own (FHIR R4, references#contained; HAPI's parser drops one), it has the
     * container's.
     */
    static Patient child(Child child, PersonalIdentityNumber id, java.time.LocalDate birthDate) {
        Patient patient = new Patient();
        patient.setId(CHILD);
        patient.addIdentifier(person(id));
        if (child.getName() != null) {
            patient.addName(name(child.getName()));
        }
        patient.setGender(Enumerations.AdministrativeGender.fromCode(child.getGender().value()));
        patient.getBirthDateElement().setValueAsString(birthDate.toString());
        if (child.getRegistrationMunicipality() != null) {
            patient.addExtension(Systems.REGISTRATION_MUNICIPALITY_EXT,
                    new Coding(Systems.KOMMUNKOD, child.getRegistrationMunicipality(), null));
        }
        return patient;
    }

    /** Rule C10: the label of protected personal data, on the resource that contains the child. */
    static void protect(org.hl7.fhir.r4.model.DomainResource container, Child child) {
        if (child.isProtectedIdentity()) {
            container.getMeta().addSecurity(SECURITY_LABEL, "sekretessmarkering", "Sekretessmarkering");
        }
    }

    static CodeType code(String value) {
        return new CodeType(value);
    }
}
