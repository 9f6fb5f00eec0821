package se.samverkan.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.gateway.consent.DataCategory.DEVELOPMENT;
import static se.samverkan.gateway.consent.DataCategory.GROWTH;
import static se.samverkan.gateway.consent.DataCategory.HEARING;
import static se.samverkan.gateway.consent.DataCategory.IMMUNIZATION;
import static se.samverkan.gateway.consent.DataCategory.MEDICAL;
import static se.samverkan.gateway.consent.DataCategory.PSYCHOSOCIAL;
import static se.samverkan.gateway.consent.DataCategory.SOCIAL_SERVICES;
import static se.samverkan.gateway.consent.DataCategory.SUMMARY;
import static se.samverkan.gateway.consent.DataCategory.VISION;
import static se.samverkan.gateway.consent.TestWorld.ADULT_SAMORDNING;
import static se.samverkan.gateway.consent.TestWorld.ADULT_TODAY;
import static se.samverkan.gateway.consent.TestWorld.ADULT_TOMORROW;
import static se.samverkan.gateway.consent.TestWorld.ALL_F1;
import static se.samverkan.gateway.consent.TestWorld.BHV;
import static se.samverkan.gateway.consent.TestWorld.BUP;
import static se.samverkan.gateway.consent.TestWorld.CHILD;
import static se.samverkan.gateway.consent.TestWorld.FATHER;
import static se.samverkan.gateway.consent.TestWorld.MOTHER;
import static se.samverkan.gateway.consent.TestWorld.NOW;
import static se.samverkan.gateway.consent.TestWorld.OTHER_SCHOOL;
import static se.samverkan.gateway.consent.TestWorld.SCHOOL;
import static se.samverkan.gateway.consent.TestWorld.SOCIAL_INTAKE;
import static se.samverkan.gateway.consent.TestWorld.STEPFATHER;
import static se.samverkan.gateway.consent.TestWorld.TEEN;
import static se.samverkan.gateway.consent.TestWorld.TODAY;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.gateway.consent.Decision.Obligation;
import se.samverkan.gateway.consent.DecisionRequest.CasePhase;
import se.samverkan.gateway.consent.DecisionRequest.Context;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.mapping.DataCategoryTable;

/** Every rule C1-C11, each with at least one permit and one deny, decided from FHIR resources on file. */
class PolicyDecisionPointRulesTest {

    static final AtomicInteger IDS = new AtomicInteger();
    static final DataCategoryTable TABLE = new DataCategoryTable();
    static final Set<DataCategory> F4_ASKED = EnumSet.of(PSYCHOSOCIAL);
    static final Set<DataCategory> F6_ASKED = EnumSet.of(SUMMARY, PSYCHOSOCIAL);

    static Stream<Case> cases() {
        return Stream.of(
                given("C1 deny: no consent on record").denies("GW-2102", "C1", "C2"),
                given("C1 permit: both guardians with custody consent").file(p(MOTHER), p(FATHER))
                        .permits(ALL_F1, "C2", "C4"),

                given("C2 permit: a consent valid until today still holds today")
                        .file(p(MOTHER), p(FATHER).until(TODAY)).permits(ALL_F1, "C2"),
                given("C2 deny: a consent that expired yesterday")
                        .file(p(MOTHER), p(FATHER).given(TODAY.minusYears(1)).until(TODAY.minusDays(1)))
                        .denies("GW-2108", "C2"),
                given("C2 deny: a consent dated tomorrow is not yet given")
                        .file(p(MOTHER), p(FATHER).given(TODAY.plusDays(1))).denies("GW-2105", "C4"),
                given("C2 deny: consents naming another school as recipient")
                        .file(p(MOTHER).to(OTHER_SCHOOL), p(FATHER).to(OTHER_SCHOOL)).denies("GW-2102", "C2"),
                given("C2 permit: a consent naming no recipient holds for any recipient")
                        .file(p(MOTHER).toAnyone(), p(FATHER).toAnyone()).permits(ALL_F1),
                given("C2 permit: a source named by the RIV-TA OID is the same HSA-id")
                        .file(p(MOTHER).fromIdentifier(Systems.HSA_ID_RIVTA, BHV.value()), p(FATHER).from(BHV))
                        .permits(ALL_F1),
                given("C2 deny: consents naming another source as custodian")
                        .file(p(MOTHER).from(BUP), p(FATHER).from(BUP)).denies("GW-2102"),
                given("C2 deny: consents for another purpose (F2) do not cover F1")
                        .file(p(MOTHER).purpose("F2"), p(FATHER).purpose("F2")).denies("GW-2102"),
                given("C2 permit: the purpose treatment (v3-ActReason TREAT) covers F1 as flows.yml says")
                        .file(p(MOTHER).purposeCoding(TestFlows.TREAT), p(FATHER).purposeCoding(TestFlows.TREAT))
                        .permits(ALL_F1),
                given("C2 deny: consents about another child count for nothing, whatever the registry hands out")
                        .careless().file(TestConsents.permit(id(), TEEN, MOTHER).build(),
                                TestConsents.permit(id(), TEEN, FATHER).build()).denies("GW-2102"),

                given("C3 deny: one guardian refuses, the other's permit does not win")
                        .file(p(MOTHER), r(FATHER)).denies("GW-2103", "C3"),
                given("C3 permit: a permit with a nested deny for psychosocial permits everything else")
                        .ask(F2(EnumSet.of(SUMMARY, MEDICAL, PSYCHOSOCIAL, DEVELOPMENT)))
                        .file(p(MOTHER).to(BUP).purpose("F2").except(ConsentProvisionType.DENY, PSYCHOSOCIAL),
                                p(FATHER).to(BUP).purpose("F2"))
                        .permits(EnumSet.of(SUMMARY, MEDICAL, DEVELOPMENT), "C3", "C11"),
                given("C3 permit: a deny-all base with a nested permit for immunization permits only that")
                        .file(r(MOTHER).except(ConsentProvisionType.PERMIT, IMMUNIZATION),
                                r(FATHER).except(ConsentProvisionType.PERMIT, IMMUNIZATION))
                        .permits(EnumSet.of(IMMUNIZATION), "C3", "C11"),
                given("C3 permit: a nested provision without type is an exception, the opposite of its parent")
                        .file(p(MOTHER).except(null, HEARING), p(FATHER))
                        .permits(EnumSet.of(IMMUNIZATION, GROWTH, VISION, DEVELOPMENT), "C3", "C11"),

                given("C4 deny: joint custody, only one guardian consents").file(p(MOTHER)).denies("GW-2105", "C4"),
                given("C4 permit: a guardian without custody need not consent")
                        .guardians(g(MOTHER, true), g(FATHER, false)).file(p(MOTHER)).permits(ALL_F1, "C4"),
                given("C4 deny: the consent of a person without custody counts for nothing")
                        .guardians(g(MOTHER, true), g(STEPFATHER, false)).file(p(STEPFATHER)).denies("GW-2105", "C4"),
                given("C4 deny: no guardian with custody on record")
                        .guardians(g(MOTHER, false)).file(p(MOTHER)).denies("GW-2104", "C4"),
                given("C4 permit: a guardian whose custody ended yesterday need not consent")
                        .guardians(g(MOTHER, true), custodyEnded(g(FATHER, true))).file(p(MOTHER)).permits(ALL_F1),
                given("C4 permit: one consent signed by both guardians counts for both")
                        .file(p(MOTHER).alsoPerformedBy(FATHER)).permits(ALL_F1),
                given("C4 permit: a guardian named by a RelatedPerson reference, not an identifier")
                        .file(p(MOTHER).performer(new Reference(
                                "https://fhir.example/RelatedPerson/g-mother/_history/3")), p(FATHER)).permits(ALL_F1),
                given("C4 permit: 18 today, the student consents alone")
                        .child(ADULT_TODAY).file(pFor(ADULT_TODAY, ADULT_TODAY)).permits(ALL_F1, "C4"),
                given("C4 deny: the day before the 18th birthday, the student's own consent is not enough")
                        .child(ADULT_TODAY).at(TODAY.minusDays(1)).file(pFor(ADULT_TODAY, ADULT_TODAY))
                        .denies("GW-2105", "C4"),
                given("C4 deny: 18 tomorrow, the student's own consent is not enough today")
                        .child(ADULT_TOMORROW).file(pFor(ADULT_TOMORROW, ADULT_TOMORROW)).denies("GW-2105", "C4"),
                given("C4 deny: 18 today, the guardians' consent no longer counts")
                        .child(ADULT_TODAY).file(pFor(ADULT_TODAY, MOTHER), pFor(ADULT_TODAY, FATHER))
                        .denies("GW-2105", "C4"),
                given("C4 permit: a student of 18 with a samordningsnummer consents alone")
                        .child(ADULT_SAMORDNING).file(pFor(ADULT_SAMORDNING, ADULT_SAMORDNING)).permits(ALL_F1),
                given("C4 deny: where the flow says so, the child's own consent is needed too from 15")
                        .child(TEEN).flows(childConsentFrom(15)).file(pFor(TEEN, MOTHER), pFor(TEEN, FATHER))
                        .denies("GW-2105", "C4"),
                given("C4 permit: where the flow says so, guardians and the child of 15 consent together")
                        .child(TEEN).flows(childConsentFrom(15))
                        .file(pFor(TEEN, MOTHER), pFor(TEEN, FATHER), pFor(TEEN, TEEN)).permits(ALL_F1),

                given("C5 deny: a consent withdrawn (status inactive) stops at once")
                        .file(p(MOTHER), p(FATHER).status(ConsentState.INACTIVE))
                        .denies("GW-2107", "C5").obligations(Obligation.NOTIFY_CONSENT_ENDED),
                given("C5 deny: a rejected consent counts for nothing")
                        .file(p(MOTHER), p(FATHER).status(ConsentState.REJECTED))
                        .denies("GW-2107", "C5").obligations(Obligation.NOTIFY_CONSENT_ENDED),
                given("C5 deny: a newer refusal by the same guardian overrides their older permit")
                        .file(p(MOTHER), p(FATHER), r(FATHER).given(TODAY.minusDays(7)))
                        .denies("GW-2107", "C3", "C5").obligations(Obligation.NOTIFY_CONSENT_ENDED),
                given("C5 permit: a new consent after a withdrawn one holds")
                        .file(p(MOTHER), p(FATHER).given(TODAY.minusYears(1)).status(ConsentState.INACTIVE),
                                p(FATHER).given(TODAY.minusDays(7))).permits(ALL_F1),

                given("C6 permit: a consent given in voluntary support covers voluntary support")
                        .ask(F4(CasePhase.VOLUNTARY))
                        .file(p4(MOTHER, CasePhase.VOLUNTARY), p4(FATHER, CasePhase.VOLUNTARY))
                        .permits(F4_ASKED, "C6"),
                given("C6 deny: a consent given in voluntary support does not carry over to a report")
                        .ask(F4(CasePhase.REPORT))
                        .file(p4(MOTHER, CasePhase.VOLUNTARY), p4(FATHER, CasePhase.VOLUNTARY))
                        .denies("GW-2110", "C6"),
                given("C6 permit: new consents given for the investigation cover it")
                        .ask(F4(CasePhase.INVESTIGATION)).file(p4(MOTHER, CasePhase.VOLUNTARY),
                                p4(MOTHER, CasePhase.INVESTIGATION), p4(FATHER, CasePhase.INVESTIGATION))
                        .permits(F4_ASKED, "C6"),
                given("C6 deny: a consent that names no phase does not cover a phase-bound flow")
                        .ask(F4(CasePhase.VOLUNTARY)).file(p4(MOTHER, null), p4(FATHER, null)).denies("GW-2110", "C6"),
                given("C6 deny: without the case phase a phase-bound flow is not decided on consent")
                        .ask(F4(null)).file(p4(MOTHER, CasePhase.VOLUNTARY), p4(FATHER, CasePhase.VOLUNTARY))
                        .denies("GW-2110", "C6"),

                given("C7 permit: a consultation with both guardians' consent is a normal permit")
                        .ask(F6(Context.NONE)).file(p6(MOTHER), p6(FATHER)).permits(F6_ASKED, "C2", "C4"),
                given("C7 deny, anonymised alternative: without consent an identified consultation may not go")
                        .ask(F6(Context.NONE)).denies("GW-2115", "C7").obligations(Obligation.ANONYMISE),
                given("C7 deny, anonymised alternative: with one guardian refusing, identified it may not go")
                        .ask(F6(Context.NONE)).file(p6(MOTHER), r(FATHER).toAnyone().anyPurpose())
                        .denies("GW-2115", "C3", "C7").obligations(Obligation.ANONYMISE),
                given("C7 permit: an anonymised consultation needs no consent")
                        .ask(F6(Context.NONE.withAnonymised(true)))
                        .permits("GW-2112", F6_ASKED, "C7").obligations(Obligation.ANONYMISE),
                given("C7 permit: an anonymised consultation carries only what the flow may carry")
                        .ask(r -> F6(Context.NONE.withAnonymised(true)).apply(r).withRequested(
                                EnumSet.of(SUMMARY, IMMUNIZATION)))
                        .permits("GW-2112", EnumSet.of(SUMMARY), "C7", "C11").obligations(Obligation.ANONYMISE),
                given("C7 deny: anonymised does not open a flow that has no anonymous fallback (F2)")
                        .ask(r -> F2(EnumSet.of(SUMMARY)).apply(r).with(Context.NONE.withAnonymised(true)))
                        .denies("GW-2102"),

                given("C8 permit: a report of concern needs no consent").ask(F5(Context.NONE))
                        .permits("GW-2111", F4_ASKED, "C8"),
                given("C8 permit: refusals on record do not block a report of concern").ask(F5(Context.NONE))
                        .file(r(MOTHER).toAnyone().anyPurpose(), r(FATHER).toAnyone().anyPurpose())
                        .permits("GW-2111", F4_ASKED, "C8"),
                given("C8 deny: the same refusals block information exchange in voluntary support (F4)")
                        .ask(F4(CasePhase.VOLUNTARY))
                        .file(r(MOTHER).toAnyone().anyPurpose(), r(FATHER).toAnyone().anyPurpose())
                        .denies("GW-2103", "C3"),

                given("C9 deny: a guardian-facing notice about a flagged child")
                        .ask(notice(Context.NONE.withGuardianFacing(true).withFlagged(true)))
                        .file(p(MOTHER), p(FATHER)).denies("GW-2109", "C9"),
                given("C9 permit: the same notice about a child who is not flagged")
                        .ask(notice(Context.NONE.withGuardianFacing(true))).file(p(MOTHER), p(FATHER))
                        .permits(Set.of(), "C2", "C4"),
                given("C9 permit: a report of concern about a flagged child still goes")
                        .ask(F5(Context.NONE.withFlagged(true))).permits("GW-2111", F4_ASKED, "C8"),
                given("C9 deny: nothing guardian-facing about a flagged child, not even in the report's flow")
                        .ask(F5(Context.NONE.withFlagged(true).withGuardianFacing(true))).denies("GW-2109", "C9"),

                given("C10 deny: protected identity is held whatever the consents")
                        .ask(r -> r.with(Context.NONE.withProtectedIdentity(true))).file(p(MOTHER), p(FATHER))
                        .denies("GW-2101", "C10").obligations(Obligation.HOLD_FOR_MANUAL_HANDLING),
                given("C10 permit: a report of concern about a protected child goes, held for manual routing")
                        .ask(F5(Context.NONE.withProtectedIdentity(true)))
                        .permits("GW-2111", F4_ASKED, "C8", "C10").obligations(Obligation.HOLD_FOR_MANUAL_HANDLING),

                given("C11 permit: only the categories both guardians cover go")
                        .file(p(MOTHER).categories(IMMUNIZATION, GROWTH), p(FATHER).categories(IMMUNIZATION))
                        .permits(EnumSet.of(IMMUNIZATION), "C11"),
                given("C11 deny: the consents cover none of the categories asked for")
                        .file(p(MOTHER).categories(PSYCHOSOCIAL), p(FATHER).categories(PSYCHOSOCIAL))
                        .denies("GW-2106", "C11"),
                given("C11 permit: categories named by FHIR resource type (Observation: growth, hearing, vision)")
                        .file(p(MOTHER).resourceTypes("Observation"),
                                p(FATHER).resourceTypes("Observation", "Immunization"))
                        .permits(EnumSet.of(GROWTH, HEARING, VISION), "C11"),
                given("C11 permit: categories the flow does not carry are stripped")
                        .ask(r -> DecisionRequest.of("F1", r.child(), BHV, SCHOOL, plus(ALL_F1, PSYCHOSOCIAL), r.at()))
                        .file(p(MOTHER), p(FATHER)).permits(ALL_F1, "C11"),
                given("C11 deny: the flow may carry none of the categories asked for")
                        .ask(r -> DecisionRequest.of("F1", r.child(), BHV, SCHOOL, Set.of(SOCIAL_SERVICES), r.at()))
                        .file(p(MOTHER), p(FATHER)).denies("GW-2113", "C11"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        InMemoryConsentRegistry registry = new InMemoryConsentRegistry();
        c.onFile.forEach(registry::add);
        if (c.careless) {
            registry.careless();
        }
        DecisionRequest request = c.ask.apply(DecisionRequest.of("F1", c.child, BHV, SCHOOL, ALL_F1, c.at));

        Decision decision = new PolicyDecisionPoint(c.flows, registry, TABLE, TestWorld.PARTICIPANTS).decide(request);

        assertThat(decision.permit()).as("permit").isEqualTo(c.permit);
        assertThat(decision.code()).as("code").isEqualTo(c.code);
        assertThat(decision.rules()).as("rules").containsAll(c.rules);
        assertThat(decision.permitted()).as("permitted categories").isEqualTo(c.permitted);
        assertThat(decision.obligations()).as("obligations").isEqualTo(c.obligations);
        assertThat(decision.legalBasis()).as("legal basis")
                .isEqualTo(c.code.equals("GW-2111") ? c.flows.rule(request.flow()).legalBasis() : Optional.empty());
        assertThat(decision.reason()).as("reason").isNotBlank().doesNotContainPattern("\\d{10}");
        if (decision.permit() && decision.code().equals("GW-2100")) {
            assertThat(decision.consentRefs()).as("consents it rests on").isNotEmpty()
                    .allMatch(ref -> ref.matches("Consent/c\\d+/_history/1"));
        }
    }

    // --- the language of the cases ---

    static Case given(String name) {
        return new Case(name);
    }

    static String id() {
        return "c" + IDS.incrementAndGet();
    }

    static TestConsents.Builder p(PersonalIdentityNumber by) {
        return pFor(CHILD, by);
    }

    static TestConsents.Builder pFor(PersonalIdentityNumber child, PersonalIdentityNumber by) {
        return TestConsents.permit(id(), child, by);
    }

    static TestConsents.Builder r(PersonalIdentityNumber by) {
        return TestConsents.refusal(id(), CHILD, by);
    }

    static TestConsents.Builder p4(PersonalIdentityNumber by, CasePhase phase) {
        TestConsents.Builder b = p(by).to(SOCIAL_INTAKE).from(SCHOOL).purpose("F4");
        return phase == null ? b : b.phase(phase);
    }

    static TestConsents.Builder p6(PersonalIdentityNumber by) {
        return p(by).to(BUP).purpose("F6");
    }

    static Resource g(PersonalIdentityNumber person, boolean custody) {
        return TestConsents.guardian(person == MOTHER ? "g-mother" : "g-" + id(), CHILD, person, custody);
    }

    static Resource custodyEnded(Resource guardian) {
        ((org.hl7.fhir.r4.model.RelatedPerson) guardian).setPeriod(new Period()
                .setStartElement(new DateTimeType("2016-05-17"))
                .setEndElement(new DateTimeType(TODAY.minusDays(1).toString())));
        return guardian;
    }

    static UnaryOperator<DecisionRequest> F2(Set<DataCategory> asked) {
        return r -> DecisionRequest.of("F2", r.child(), BHV, BUP, asked, r.at());
    }

    static UnaryOperator<DecisionRequest> F4(CasePhase phase) {
        return r -> DecisionRequest.of("F4", r.child(), SCHOOL, SOCIAL_INTAKE, F4_ASKED, r.at())
                .with(Context.NONE.withCasePhase(phase));
    }

    static UnaryOperator<DecisionRequest> F5(Context context) {
        return r -> DecisionRequest.of("F5", r.child(), SCHOOL, SOCIAL_INTAKE, F4_ASKED, r.at()).with(context);
    }

    static UnaryOperator<DecisionRequest> F6(Context context) {
        return r -> DecisionRequest.of("F6", r.child(), SCHOOL, BUP, F6_ASKED, r.at()).with(context);
    }

    /** A notice with no data category, through the school's channel to the guardians. */
    static UnaryOperator<DecisionRequest> notice(Context context) {
        return r -> DecisionRequest.of("F1", r.child(), BHV, SCHOOL, Set.of(), r.at()).with(context);
    }

    static FlowCatalogue childConsentFrom(int age) {
        Map<String, FlowProperties.Flow> flows = new java.util.HashMap<>(TestFlows.standard().catalogue());
        flows.put("F1", flows.get("F1").withChildConsentFromAge(age));
        return FlowCatalogue.of(new FlowProperties(flows));
    }

    static Set<DataCategory> plus(Set<DataCategory> set, DataCategory more) {
        EnumSet<DataCategory> all = EnumSet.copyOf(set);
        all.add(more);
        return all;
    }

    /** One case: what is on file, the question, and what the answer must be. */
    static final class Case {
        final String name;
        PersonalIdentityNumber child = CHILD;
        java.time.Instant at = NOW;
        List<Resource> onFile = new ArrayList<>();
        List<Resource> guardians;
        UnaryOperator<DecisionRequest> ask = r -> r;
        FlowCatalogue flows = TestFlows.catalogue();
        boolean careless;
        boolean permit;
        String code;
        Set<DataCategory> permitted = Set.of();
        List<String> rules = List.of();
        Set<Obligation> obligations = Set.of();

        Case(String name) {
            this.name = name;
            guardians(g(MOTHER, true), g(FATHER, true));
        }

        Case child(PersonalIdentityNumber person) {
            onFile.removeAll(guardians);
            child = person;
            return guardians(TestConsents.guardian("g-mother", person, MOTHER, true),
                    TestConsents.guardian("g-father", person, FATHER, true));
        }

        Case guardians(Resource... list) {
            if (guardians != null) {
                onFile.removeAll(guardians);
            }
            guardians = List.of(list);
            onFile.addAll(guardians);
            return this;
        }

        Case file(TestConsents.Builder... consents) {
            Stream.of(consents).map(TestConsents.Builder::build).forEach(onFile::add);
            return this;
        }

        Case file(Resource... resources) {
            onFile.addAll(List.of(resources));
            return this;
        }

        Case at(LocalDate day) {
            at = TestConsents.noon(day);
            return this;
        }

        Case ask(UnaryOperator<DecisionRequest> change) {
            ask = change;
            return this;
        }

        Case flows(FlowCatalogue catalogue) {
            flows = catalogue;
            return this;
        }

        Case careless() {
            careless = true;
            return this;
        }

        Case permits(Set<DataCategory> categories, String... ruleIds) {
            return permits("GW-2100", categories, ruleIds);
        }

        Case permits(String expectedCode, Set<DataCategory> categories, String... ruleIds) {
            permit = true;
            code = expectedCode;
            permitted = categories;
            rules = List.of(ruleIds);
            return this;
        }

        Case denies(String expectedCode, String... ruleIds) {
            permit = false;
            code = expectedCode;
            rules = List.of(ruleIds);
            return this;
        }

        Case obligations(Obligation... duties) {
            obligations = Set.of(duties);
            return this;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
