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
 */
record ConsentFacts(String ref, Standing standing, Instant given, boolean phaseMatches, boolean openEnded) {

    enum Standing { IN_FORCE, WITHDRAWN, EXPIRED, NOT_YET, VOID }

    static ConsentFacts of(Consent consent, String child, Instant now, FlowRule flow, CasePhase phase) {
        Instant given = consent.hasDateTime() ? FhirTime.start(consent.getDateTimeElement()) : null;
        boolean phaseMatches = !flow.phaseBound() || (phase != null && phase == phaseOf(consent));
        boolean openEnded = !(consent.hasProvision() && consent.getProvision().hasPeriod()
                && consent.getProvision().getPeriod().hasEnd());
        return new ConsentFacts(ref(consent), standing(consent, child, now, given), given, phaseMatches, openEnded);
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
