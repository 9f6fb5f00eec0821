package se.samverkan.gateway.consent;

import static se.samverkan.gateway.consent.DataCategory.DEVELOPMENT;
import static se.samverkan.gateway.consent.DataCategory.GROWTH;
import static se.samverkan.gateway.consent.DataCategory.HEARING;
import static se.samverkan.gateway.consent.DataCategory.IMMUNIZATION;
import static se.samverkan.gateway.consent.DataCategory.MEDICAL;
import static se.samverkan.gateway.consent.DataCategory.PSYCHOLOGICAL;
import static se.samverkan.gateway.consent.DataCategory.PSYCHOSOCIAL;
import static se.samverkan.gateway.consent.DataCategory.SOCIAL_SERVICES;
import static se.samverkan.gateway.consent.DataCategory.SPECIAL_EDUCATION;
import static se.samverkan.gateway.consent.DataCategory.SUMMARY;
import static se.samverkan.gateway.consent.DataCategory.VISION;

import java.util.Map;
import se.samverkan.gateway.consent.FlowProperties.Flow;
import se.samverkan.gateway.routing.ParticipantKind;

/** F1-F7 built in plain Java, as flows.yml ships them (FlowsYmlTest keeps the two equal). */
final class TestFlows {

    static final String TREAT = "http://terminology.hl7.org/CodeSystem/v3-ActReason|TREAT";
    static final String COC = "http://terminology.hl7.org/CodeSystem/v3-ActReason|COC";

    private TestFlows() {
    }

    static FlowProperties standard() {
        return new FlowProperties(Map.of(
                "F1", Flow.byConsent("BHV-to-school transfer (överföring av BHV-journal)",
                        IMMUNIZATION, GROWTH, HEARING, VISION, DEVELOPMENT, SUMMARY).withPurposes(TREAT)
                        .withSenders(ParticipantKind.BHV).withRecipientImplied(true),
                "F2", Flow.byConsent("referral to child and adolescent psychiatry (remiss till BUP)",
                        SUMMARY, MEDICAL, PSYCHOLOGICAL, PSYCHOSOCIAL, SPECIAL_EDUCATION, DEVELOPMENT, GROWTH,
                        HEARING, VISION).withPurposes(TREAT)
                        .withSenders(ParticipantKind.SCHOOL_PRINCIPAL, ParticipantKind.BHV),
                "F3", Flow.byConsent("feedback from child and adolescent psychiatry to school (återkoppling)",
                        SUMMARY, MEDICAL, PSYCHOLOGICAL, SPECIAL_EDUCATION).withPurposes(TREAT)
                        .withSenders(ParticipantKind.BUP),
                "F4", Flow.byConsent("information exchange in voluntary support, school and social services "
                        + "(samverkan)", SUMMARY, PSYCHOSOCIAL, SPECIAL_EDUCATION, SOCIAL_SERVICES)
                        .withPhaseBound(true)
                        .withSenders(ParticipantKind.SCHOOL_PRINCIPAL, ParticipantKind.SOCIAL_SERVICES),
                "F5", Flow.byLegalBasis("report of concern to social services (anmälan om oro för barn)",
                        "Socialtjänstlagen, 14 kap. 1 § (anmälningsskyldighet): duty to report concern for a child")
                        .withCategories(Flow.every())
                        .withSenders(ParticipantKind.SCHOOL_PRINCIPAL, ParticipantKind.BHV, ParticipantKind.BUP),
                "F6", Flow.byConsent("cross-sector consultation (tvärsektoriellt möte)", SUMMARY, MEDICAL,
                        PSYCHOLOGICAL, PSYCHOSOCIAL, SPECIAL_EDUCATION, SOCIAL_SERVICES, DEVELOPMENT)
                        .withAnonymousWithoutConsent(true).withSenders(ParticipantKind.values()),
                "F7", Flow.byConsent("coordinated individual plan (SIP, samordnad individuell plan)", SUMMARY,
                        MEDICAL, PSYCHOLOGICAL, PSYCHOSOCIAL, SPECIAL_EDUCATION, SOCIAL_SERVICES, DEVELOPMENT)
                        .withPurposes(TREAT, COC).withSenders(ParticipantKind.values())));
    }

    static FlowCatalogue catalogue() {
        return FlowCatalogue.of(standard());
    }
}
