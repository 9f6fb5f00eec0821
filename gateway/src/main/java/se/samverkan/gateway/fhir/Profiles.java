package se.samverkan.gateway.fhir;

/** The canonical URLs of the profiles in profiles/ that emitted resources claim in meta.profile. */
public final class Profiles {

    private static final String SD = Systems.CANONICAL_BASE + "/StructureDefinition/";

    public static final String PATIENT = SD + "samverkan-patient";
    public static final String GUARDIAN = SD + "samverkan-guardian";
    public static final String CONSENT = SD + "samverkan-consent";
    public static final String TRANSFER_COMMUNICATION = SD + "samverkan-transfer-communication";
    /** Flows F2, F3, F4, identified F6 and F7 notices: a Communication between cooperating parties. */
    public static final String COOPERATION_COMMUNICATION = SD + "samverkan-cooperation-communication";
    public static final String REPORT_OF_CONCERN = SD + "samverkan-report-of-concern";
    public static final String ANONYMOUS_CONSULTATION = SD + "samverkan-anonymous-consultation";
    public static final String SIP_CAREPLAN = SD + "samverkan-sip-careplan";
    public static final String GROWTH_OBSERVATION = SD + "samverkan-growth-observation";
    public static final String SCREENING_OBSERVATION = SD + "samverkan-screening-observation";
    public static final String IMMUNIZATION = SD + "samverkan-immunization";

    private Profiles() {
    }
}
