package se.samverkan.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.gateway.consent.DataCategory.PSYCHOSOCIAL;
import static se.samverkan.gateway.consent.DataCategory.SUMMARY;
import static se.samverkan.gateway.consent.TestWorld.ALL_F1;
import static se.samverkan.gateway.consent.TestWorld.BHV;
import static se.samverkan.gateway.consent.TestWorld.BUP;
import static se.samverkan.gateway.consent.TestWorld.BUP_ORGNR;
import static se.samverkan.gateway.consent.TestWorld.CHILD;
import static se.samverkan.gateway.consent.TestWorld.FATHER;
import static se.samverkan.gateway.consent.TestWorld.MOTHER;
import static se.samverkan.gateway.consent.TestWorld.NOW;
import static se.samverkan.gateway.consent.TestWorld.OTHER_SCHOOL;
import static se.samverkan.gateway.consent.TestWorld.PRINCIPAL;
import static se.samverkan.gateway.consent.TestWorld.SCHOOL;
import static se.samverkan.gateway.consent.TestWorld.SOCIAL;
import static se.samverkan.gateway.consent.TestWorld.SOCIAL_INTAKE;
import static se.samverkan.gateway.consent.TestWorld.SOCIAL_ORGNR;
import static se.samverkan.gateway.consent.TestWorld.STRANGER;
import static se.samverkan.gateway.consent.TestWorld.TODAY;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.consent.DecisionRequest.CasePhase;
import se.samverkan.gateway.consent.DecisionRequest.Context;
import se.samverkan.gateway.mapping.DataCategoryTable;

/**
 * The cases of issue 14 ("What a consent means") at the policy decision point, one test per numbered case,
 * named after it; the cases at the FHIR face, the batch import and the payloads are in their packages.
 */
class WhatAConsentMeansTest {

    static final DataCategoryTable TABLE = new DataCategoryTable();

    final InMemoryConsentRegistry registry = new InMemoryConsentRegistry().add(
            TestConsents.guardian("g-mother", CHILD, MOTHER, true), TestConsents.guardian("g-father", CHILD, FATHER, true));
    final PolicyDecisionPoint pdp = new PolicyDecisionPoint(TestFlows.catalogue(), registry, TABLE,
            TestWorld.PARTICIPANTS);

    static Consent fixture(String path) {
        try (InputStream in = WhatAConsentMeansTest.class.getResourceAsStream("/fixtures/" + path + ".json")) {
            return FhirContext.forR4Cached().newJsonParser().parseResource(Consent.class, in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Decision f1() {
        return pdp.decide(DecisionRequest.of("F1", CHILD, BHV, SCHOOL, ALL_F1, NOW));
    }

    @Test
    void case01_aRefusalForOneRecipientDoesNotBlockAnother() {
        registry.add(TestConsents.permit("m", CHILD, MOTHER).build(), TestConsents.permit("f", CHILD, FATHER).build(),
                TestConsents.refusal("m-bup", CHILD, MOTHER).given(TODAY.minusDays(3)).to(BUP).anyPurpose().build(),
                TestConsents.refusal("f-bup", CHILD, FATHER).given(TODAY.minusDays(3)).to(BUP_ORGNR).anyPurpose()
                        .build());

        Decision transfer = f1();

        assertThat(transfer.permit()).as(transfer.reason()).isTrue();
        assertThat(transfer.code()).isEqualTo("GW-2100");
        assertThat(transfer.notes()).isEmpty();
        Decision referral = pdp.decide(DecisionRequest.of("F2", CHILD, SCHOOL, BUP, Set.of(SUMMARY), NOW));
        assertThat(referral.permit()).isFalse();
        assertThat(referral.code()).isEqualTo("GW-2103");
    }

    @Test
    void case01_aRefusalNamingTheRecipientByAnotherOfItsIdentifiersApplies() {
        registry.add(TestConsents.permit("m", CHILD, MOTHER).build(), TestConsents.permit("f", CHILD, FATHER).build(),
                TestConsents.refusal("f-principal", CHILD, FATHER).given(TODAY.minusDays(3)).to(PRINCIPAL).build());

        assertThat(f1().code()).isEqualTo("GW-2107");
        assertThat(pdp.decide(DecisionRequest.of("F1", CHILD, BHV, OTHER_SCHOOL, ALL_F1, NOW)).permit())
                .as("the principal runs the other school too").isFalse();
    }

    @Test
    void case01_aRefusalNamingAnUnresolvableOrganisationAppliesAndIsReportedAsUnresolvedNotAsAWithdrawal() {
        registry.add(TestConsents.permit("m", CHILD, MOTHER).build(), TestConsents.permit("f", CHILD, FATHER).build(),
                TestConsents.refusal("f-stranger", CHILD, FATHER).given(TODAY.minusDays(3)).to(STRANGER).build());

        Decision decision = f1();

        assertThat(decision.permit()).isFalse();
        assertThat(decision.code()).isEqualTo("GW-2114");
        assertThat(decision.obligations()).doesNotContain(Decision.Obligation.NOTIFY_CONSENT_ENDED);
        assertThat(decision.notes()).singleElement().asString().startsWith("unresolved: " + STRANGER.system() + "|"
                + STRANGER.value());
    }

    @Test
    void case02_aConsentNamingSocialServicesByKommunkodPermitsF4ToThatUnit() {
        Consent published = fixture("profiles/samverkan-consent/pass-case-phase-nested-deny");
        // the published example, given by each guardian of the test child
        for (var guardian : new Object[][] {{"by-mother", MOTHER}, {"by-father", FATHER}}) {
            Consent consent = published.copy();
            consent.setId((String) guardian[0]);
            consent.getPatient().setIdentifier(TestConsents.identity(CHILD));
            consent.getPerformerFirstRep().setIdentifier(TestConsents.identity(
                    (se.samverkan.gateway.identity.PersonalIdentityNumber) guardian[1]));
            registry.add(consent);
        }
        for (OrganisationId unit : new OrganisationId[] {SOCIAL, SOCIAL_ORGNR, SOCIAL_INTAKE}) {
            Decision decision = pdp.decide(DecisionRequest.of("F4", CHILD, SCHOOL, unit,
                    EnumSet.of(SUMMARY, PSYCHOSOCIAL), TestConsents.noon(TODAY.withMonth(10)))
                    .with(Context.NONE.withCasePhase(CasePhase.VOLUNTARY)));

            assertThat(decision.permit()).as(unit + ": " + decision.reason()).isTrue();
            assertThat(decision.permitted()).as("the nested deny for psychosocial notes").containsExactly(SUMMARY);
        }
    }

    static Consent withScope(Consent consent, String code) {
        consent.getScope().getCodingFirstRep().setCode(code);
        return consent;
    }

    @Test
    void case03_scopeAndCategoryAreReadAResearchTreatmentOrEmergencyOnlyConsentNeverPermits() {
        Consent research = withScope(TestConsents.permit("research", CHILD, MOTHER).alsoPerformedBy(FATHER).build(),
                "research");
        Consent treatment = withScope(TestConsents.permit("treatment", CHILD, MOTHER).alsoPerformedBy(FATHER).build(),
                "treatment");
        Consent emergency = TestConsents.permit("emergency", CHILD, MOTHER).alsoPerformedBy(FATHER).build();
        emergency.addCategory().addCoding(new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "EMRGONLY", null));
        Consent proposed = TestConsents.permit("proposed", CHILD, MOTHER).alsoPerformedBy(FATHER)
                .status(Consent.ConsentState.PROPOSED).build();
        Consent otherCategory = TestConsents.permit("other-category", CHILD, MOTHER).alsoPerformedBy(FATHER).build();
        otherCategory.getCategory().clear();
        otherCategory.addCategory().addCoding(new org.hl7.fhir.r4.model.Coding("http://loinc.org", "64292-6", null));

        for (Consent consent : new Consent[] {research, treatment, emergency, proposed, otherCategory}) {
            InMemoryConsentRegistry alone = new InMemoryConsentRegistry().add(
                    TestConsents.guardian("g-mother", CHILD, MOTHER, true),
                    TestConsents.guardian("g-father", CHILD, FATHER, true), consent);
            Decision decision = new PolicyDecisionPoint(TestFlows.catalogue(), alone, TABLE, TestWorld.PARTICIPANTS)
                    .decide(DecisionRequest.of("F1", CHILD, BHV, SCHOOL, ALL_F1, NOW));

            assertThat(decision.permit()).as(consent.getIdPart()).isFalse();
            assertThat(decision.code()).as(consent.getIdPart()).isEqualTo("GW-2102");
        }
        assertThat(new PolicyDecisionPoint(TestFlows.catalogue(), new InMemoryConsentRegistry().add(
                TestConsents.guardian("g-mother", CHILD, MOTHER, true),
                TestConsents.guardian("g-father", CHILD, FATHER, true), research), TABLE, TestWorld.PARTICIPANTS)
                .decide(DecisionRequest.of("F1", CHILD, BHV, SCHOOL, ALL_F1, NOW)).notes())
                .singleElement().asString().contains("scope research");
    }

    static Consent untypedRoot(String id, String policyRule) {
        Consent consent = TestConsents.permit(id, CHILD, MOTHER).alsoPerformedBy(FATHER).build();
        consent.getProvision().setType(null);
        if (policyRule != null) {
            consent.getPolicyRule().addCoding(new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", policyRule, null));
        }
        return consent;
    }

    @Test
    void case04_anR4RootRuleWithoutTypeTakesItsBaseFromPolicyRule() {
        registry.add(untypedRoot("optin", "OPTIN"));
        assertThat(f1().code()).as("OPTIN: a permit").isEqualTo("GW-2100");

        registry.add(untypedRoot("optin", "OPTOUT"));
        assertThat(f1().code()).as("OPTOUT: a refusal").isEqualTo("GW-2103");

        registry.add(untypedRoot("optin", null));
        Decision neither = f1();
        assertThat(neither.code()).as("neither: does not apply, no refusal").isEqualTo("GW-2102");
        assertThat(neither.notes()).singleElement().asString().contains("neither permits nor refuses");
    }

    @Test
    void case05_aPermitThatNamesNoRecipientPermitsOnlyTheFlowWhoseRecipientIsImplied() {
        registry.add(ConsentShapesTest.fixture("pcf-basic-permit"));

        assertThat(f1().code()).as("F1: the school the child starts at").isEqualTo("GW-2100");
        Decision referral = pdp.decide(DecisionRequest.of("F2", CHILD, BHV, BUP, Set.of(SUMMARY), NOW));
        assertThat(referral.permit()).as("F2 to BUP shares the purpose but names no recipient").isFalse();
        assertThat(referral.code()).isEqualTo("GW-2102");
    }

    @Test
    void case06_anIdentifiedConsultationWithoutConsentIsDeniedAndTheAnswerStatesTheAnonymisedAlternative() {
        DecisionRequest identified = DecisionRequest.of("F6", CHILD, SCHOOL, BUP, Set.of(SUMMARY), NOW);

        Decision decision = pdp.decide(identified);

        assertThat(decision.permit()).isFalse();
        assertThat(decision.code()).isEqualTo("GW-2115");
        assertThat(decision.rules()).contains("C1", "C7");
        assertThat(decision.obligations()).containsExactly(Decision.Obligation.ANONYMISE);
        assertThat(decision.anonymisedAlternative()).isTrue();
        Decision anonymised = pdp.decide(identified.with(Context.NONE.withAnonymised(true)));
        assertThat(anonymised.permit()).isTrue();
        assertThat(anonymised.code()).isEqualTo("GW-2112");
    }

    @Test
    void case07_aGuardianWhoRefusedMayConsentLaterTheNewestStatementOfOnePersonWins() {
        registry.add(TestConsents.permit("m", CHILD, MOTHER).build(),
                TestConsents.refusal("f-old", CHILD, FATHER).given(TODAY.minusYears(1)).build(),
                TestConsents.permit("f-new", CHILD, FATHER).given(TODAY.minusDays(7)).build());

        Decision decision = f1();
        assertThat(decision.permit()).as(decision.reason()).isTrue();
        assertThat(decision.code()).isEqualTo("GW-2100");

        registry.add(TestConsents.refusal("f-newest", CHILD, FATHER).given(TODAY.minusDays(1)).build());
        assertThat(f1().code()).as("and a newer refusal ends it again (C5)").isEqualTo("GW-2107");
    }

    @Test
    void case08_everyDenialCitesTheRuleThatCausedItAndTheConsentsItConsidered() {
        var adult = TestWorld.ADULT_TODAY;
        InMemoryConsentRegistry adults = new InMemoryConsentRegistry().add(
                TestConsents.guardian("g-mother", adult, MOTHER, true), TestConsents.guardian("g-father", adult, FATHER, true),
                TestConsents.permit("by-mother", adult, MOTHER).build(), TestConsents.permit("by-father", adult, FATHER).build());
        Decision grown = new PolicyDecisionPoint(TestFlows.catalogue(), adults, TABLE, TestWorld.PARTICIPANTS)
                .decide(DecisionRequest.of("F1", adult, BHV, SCHOOL, ALL_F1, NOW));

        assertThat(grown.permit()).isFalse();
        assertThat(grown.rules()).contains("C4");
        assertThat(grown.consentRefs()).containsExactlyInAnyOrder("Consent/by-mother/_history/1",
                "Consent/by-father/_history/1");

        var seventeen = TestWorld.ADULT_TOMORROW;
        InMemoryConsentRegistry alone = new InMemoryConsentRegistry().add(
                TestConsents.guardian("g-mother", seventeen, MOTHER, true),
                TestConsents.guardian("g-father", seventeen, FATHER, true),
                TestConsents.permit("by-student", seventeen, seventeen).build());
        Decision young = new PolicyDecisionPoint(TestFlows.catalogue(), alone, TABLE, TestWorld.PARTICIPANTS)
                .decide(DecisionRequest.of("F1", seventeen, BHV, SCHOOL, ALL_F1, NOW));

        assertThat(young.permit()).isFalse();
        assertThat(young.rules()).contains("C4");
        assertThat(young.consentRefs()).containsExactly("Consent/by-student/_history/1");
        assertThat(young.reason()).contains("guardian");
    }

    @Test
    void thePublishedConsentExamplesThatShouldPermitDoPermit() {
        Consent golden = fixture("profiles/samverkan-consent/pass-golden-guardian-permit");
        var child = se.samverkan.gateway.identity.PersonalIdentityNumber.parse(
                golden.getPatient().getIdentifier().getValue());
        var guardian = se.samverkan.gateway.identity.PersonalIdentityNumber.parse(
                golden.getPerformerFirstRep().getIdentifier().getValue());
        InMemoryConsentRegistry sole = new InMemoryConsentRegistry().add(
                TestConsents.guardian("g-sole", child, guardian, true), golden);

        Decision decision = new PolicyDecisionPoint(TestFlows.catalogue(), sole, TABLE, TestWorld.PARTICIPANTS)
                .decide(DecisionRequest.of("F1", child, BHV, SCHOOL, ALL_F1, NOW));

        assertThat(decision.permit()).as(decision.reason()).isTrue();
        assertThat(decision.permitted()).containsExactlyInAnyOrder(DataCategory.IMMUNIZATION, DataCategory.GROWTH);
        // pass-case-phase-nested-deny: case02 above; pass-adult-student-withdrawn is a withdrawal, no permit
    }
}
