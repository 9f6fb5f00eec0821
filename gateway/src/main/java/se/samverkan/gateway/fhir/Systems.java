package se.samverkan.gateway.fhir;

/** Identifier and code systems, in one place; the project's own live under one canonical base URL. */
public final class Systems {

    /** Canonical base of everything the project defines (profiles, code systems, naming systems). */
    public static final String CANONICAL_BASE = "https://samverkan.example/fhir";

    public static final String PERSONNUMMER = "http://electronichealth.se/identifier/personnummer";
    public static final String SAMORDNINGSNUMMER = "http://electronichealth.se/identifier/samordningsnummer";
    /** HSA-id; the RIV-TA OID urn:oid:1.2.752.129.2.1.4.1 is accepted on input but never emitted. */
    public static final String HSA_ID = "urn:oid:1.2.752.29.4.19";
    public static final String HSA_ID_RIVTA = "urn:oid:1.2.752.129.2.1.4.1";
    public static final String ORGANISATIONSNUMMER = "urn:oid:2.5.4.97";
    public static final String SKOLENHETSKOD = CANONICAL_BASE + "/NamingSystem/skolenhetskod";
    public static final String KOMMUNKOD = CANONICAL_BASE + "/NamingSystem/kommunkod";

    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String ATC = "http://www.whocc.no/atc";
    public static final String RFC3986 = "urn:ietf:rfc:3986";

    public static final String FLOW = CANONICAL_BASE + "/CodeSystem/flow";
    public static final String DATA_CATEGORY = CANONICAL_BASE + "/CodeSystem/data-category";
    public static final String SCREENING_RESULT = CANONICAL_BASE + "/CodeSystem/screening-result";
    public static final String SOURCE_VACCINE_CODE = CANONICAL_BASE + "/CodeSystem/bhv-vaccine-code";
    public static final String REGISTRATION_MUNICIPALITY_EXT =
            CANONICAL_BASE + "/StructureDefinition/registration-municipality";
    public static final String DELIVERY_ID = CANONICAL_BASE + "/NamingSystem/delivery-id";

    /** The source's own id of a record (flows F2-F7): {@code <sender id>/<record id>}. */
    /**
     * The policy a consent the gateway writes is given under (IHE PCF Basic: Consent.policy.uri): consent that
     * lifts secrecy between authorities, OSL 2009:400 12 kap. 2 §, as DOMAIN.md section 3 reads it.
     */
    public static final String CONSENT_POLICY = CANONICAL_BASE + "/policy/samtycke-osl-12-kap-2";
    public static final String RECORD_ID = CANONICAL_BASE + "/NamingSystem/record-id";
    /** Concern flags (C9): violence, abuse, threats, honour-related. */
    public static final String FLAG = CANONICAL_BASE + "/CodeSystem/flag";
    public static final String CASE_PHASE_EXT = CANONICAL_BASE + "/StructureDefinition/case-phase";
    /** On a Communication payload: the data category it carries (C2, C11); none means summary. */
    public static final String DATA_CATEGORY_EXT = CANONICAL_BASE + "/StructureDefinition/data-category";
    /** On a Communication payload: free text the source has de-identified, the only text C7 lets through. */
    public static final String DE_IDENTIFIED_EXT = CANONICAL_BASE + "/StructureDefinition/de-identified";
    /** On a SIP CareTeam participant (the child, a guardian): attended, informed or declined. */
    public static final String SIP_PARTICIPATION_EXT = CANONICAL_BASE + "/StructureDefinition/sip-participation";

    /** The identifier system of a personal identity number: personnummer or samordningsnummer. */
    public static String identitySystem(se.samverkan.gateway.identity.PersonalIdentityNumber id) {
        return id.kind() == se.samverkan.gateway.identity.PersonalIdentityNumber.Kind.SAMORDNINGSNUMMER
                ? SAMORDNINGSNUMMER : PERSONNUMMER;
    }

    /** Whether an identifier system is one of the two for personal identity numbers. */
    public static boolean isIdentitySystem(String system) {
        return PERSONNUMMER.equals(system) || SAMORDNINGSNUMMER.equals(system);
    }

    private Systems() {
    }
}
