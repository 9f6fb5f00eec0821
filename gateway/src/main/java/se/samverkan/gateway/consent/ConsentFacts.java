package se.samverkan.gateway.consent;

import java.time.Instant;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import se.samverkan.gateway.consent.DecisionRequest.CasePhase;

/**
 * One Consent's standing at the moment of decision, before its provisions are read: about this child,
 * in force (C2), withdrawn (C5), and for which case phase (C6).
 *
 * @param given        when it was given (Consent.dateTime), or null if it does not say
 * @param phaseMatches the flow is not phase-bound, or the consent names the phase of the case
 * @param openEnded    its period has no end: as a refusal it replaces earlier consent rather than pausing it
 * @param note         why a consent about this child does not count for the flow (scope, category), for the
 *                     decision to say; null when it counts or is not about this child
 */
record ConsentFacts(String ref, Standing standing, Instant given, boolean phaseMatches, boolean openEnded,
                    String note) {

    enum Standing { IN_FORCE, WITHDRAWN, EXPIRED, NOT_YET, VOID }

    static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    private static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    static ConsentFacts of(Consent consent, String child, Instant now, FlowRule flow, CasePhase phase) {
        Instant given = FhirTime.has(consent.getDateTimeElement()) ? FhirTime.start(consent.getDateTimeElement()) : null;
        boolean phaseMatches = !flow.phaseBound() || (phase != null && phase == phaseOf(consent));
        boolean openEnded = !(consent.hasProvision() && consent.getProvision().hasPeriod()
                && FhirTime.has(consent.getProvision().getPeriod().getEndElement()));
        Standing standing = standing(consent, child, now, given);
        String note = standing == Standing.VOID ? null : notCounting(consent, flow);
        return new ConsentFacts(ref(consent), note == null ? standing : Standing.VOID, given, phaseMatches, openEnded,
                note == null ? null : ref(consent) + ": " + note);
    }

    /**
     * Only a privacy consent (scope patient-privacy, category LOINC 59284-0 or one the flow names) lifts
     * secrecy; a research or treatment consent, or an emergency-only one, never counts (DOMAIN.md).
     */
    private static String notCounting(Consent consent, FlowRule flow) {
        if (!consent.hasScope() || !consent.getScope().hasCoding(CONSENT_SCOPE, "patient-privacy")) {
            String scope = consent.getScope().getCoding().stream().filter(c -> c.hasCode()).map(c -> c.getCode())
                    .findFirst().orElse("none");
            return "scope " + clip(scope) + " is not patient-privacy: it does not count for a flow";
        }
        boolean emergencyOnly = consent.getCategory().stream().flatMap(c -> c.getCoding().stream())
                .anyMatch(c -> V3_ACT_CODE.equals(c.getSystem()) && "EMRGONLY".equals(c.getCode()));
        if (emergencyOnly) {
            return "an emergency-only consent (EMRGONLY): it does not count for a flow";
        }
        boolean counted = consent.getCategory().stream().flatMap(c -> c.getCoding().stream())
                .anyMatch(flow::countsCategory);
        return counted ? null : "no category that counts for flow " + flow.id() + " (LOINC 59284-0)";
    }

    private static String clip(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) : safe;
    }

    private static Standing standing(Consent consent, String child, Instant now, Instant given) {
        if (!consent.hasPatient() || !Consenters.identifies(consent.getPatient(), child) || !consent.hasStatus()) {
            return Standing.VOID;
        }
        switch (consent.getStatus()) {
            case ACTIVE:
                break;
            case INACTIVE, REJECTED:
                return Standing.WITHDRAWN;
            default:
                return Standing.VOID; // draft, proposed, entered-in-error: never in force
        }
        if (given != null && given.isAfter(now)) {
            return Standing.NOT_YET;
        }
        if (consent.hasProvision() && consent.getProvision().hasPeriod()) {
            var period = consent.getProvision().getPeriod();
            if (FhirTime.startsAfter(period, now)) {
                return Standing.NOT_YET;
            }
            if (FhirTime.endedBefore(period, now)) {
                return Standing.EXPIRED;
            }
        }
        return Standing.IN_FORCE;
    }

    private static CasePhase phaseOf(Consent consent) {
        Extension extension = consent.getExtensionByUrl(CasePhase.EXTENSION_URL);
        return extension != null && extension.getValue() instanceof CodeType code
                ? CasePhase.fromCode(code.getValue()).orElse(null) : null;
    }

    /** Consent/id/_history/version, for the audit trail (C13). */
    static String ref(Consent consent) {
        if (!consent.hasIdElement() || !consent.getIdElement().hasIdPart()) {
            return "Consent/(no id)";
        }
        String version = consent.getIdElement().hasVersionIdPart() ? consent.getIdElement().getVersionIdPart()
                : consent.hasMeta() && consent.getMeta().hasVersionId() ? consent.getMeta().getVersionId() : null;
        return "Consent/" + consent.getIdElement().getIdPart() + (version == null ? "" : "/_history/" + version);
    }
}
