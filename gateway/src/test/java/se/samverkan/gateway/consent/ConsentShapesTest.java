package se.samverkan.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.gateway.consent.DataCategory.GROWTH;
import static se.samverkan.gateway.consent.DataCategory.IMMUNIZATION;
import static se.samverkan.gateway.consent.DataCategory.MEDICAL;
import static se.samverkan.gateway.consent.DataCategory.PSYCHOSOCIAL;
import static se.samverkan.gateway.consent.DataCategory.SUMMARY;
import static se.samverkan.gateway.consent.DataCategory.VISION;
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

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.consent.DecisionRequest.CasePhase;
import se.samverkan.gateway.consent.DecisionRequest.Context;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.mapping.DataCategoryTable;
import se.samverkan.gateway.support.TestIds;

/**
 * The Consent examples published with FHIR R4 and the IHE PCF patterns (fixtures/consent, adapted as its
 * README says), decided by what they mean rather than by the shape the gateway writes.
 */
class ConsentShapesTest {

    static final PersonalIdentityNumber STUDENT = TestIds.id(LocalDate.of(2007, 6, 8), 431);
    static final DataCategoryTable TABLE = new DataCategoryTable();

    final InMemoryConsentRegistry registry = new InMemoryConsentRegistry();
    final PolicyDecisionPoint pdp = new PolicyDecisionPoint(TestFlows.catalogue(), registry, TABLE, TestWorld.PARTICIPANTS);

    static Consent fixture(String name) {
        try (InputStream in = ConsentShapesTest.class.getResourceAsStream("/fixtures/consent/" + name + ".json")) {
            return FhirContext.forR4Cached().newJsonParser().parseResource(Consent.class, in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The student's own consent to anyone, for anything: what the R4 withholdings are exceptions to. Given
     * before them: the newest statement of one person wins (DOMAIN.md, "Changing one's mind").
     */
    void studentConsentsToEverything() {
        registry.add(TestConsents.permit("base", STUDENT, STUDENT).given(LocalDate.of(2025, 12, 1)).toAnyone()
                .anyPurpose().build());
    }

    Decision f1(PersonalIdentityNumber child, OrganisationId source, OrganisationId recipient, Instant at) {
        return pdp.decide(DecisionRequest.of("F1", child, source, recipient, ALL_F1, at));
    }

    Decision f1ForStudent(OrganisationId source, OrganisationId recipient) {
        return f1(STUDENT, source, recipient, NOW);
    }

    @Test
    void the_fixtures_are_about_the_made_up_student_of_the_tests() {
        assertThat(fixture("r4-consent-example-basic").getPatient().getIdentifier().getValue())
                .isEqualTo(STUDENT.value());
    }

    @Test
    void basic_an_untyped_root_under_policyRule_OPTIN_permits_where_the_recipient_is_implied() {
        registry.add(fixture("r4-consent-example-basic"));

        Decision decision = f1ForStudent(BHV, SCHOOL);

        assertThat(decision.permit()).isTrue();
        assertThat(decision.code()).isEqualTo("GW-2100");
        assertThat(decision.consentRefs()).containsExactly("Consent/consent-example-basic/_history/1");
        assertThat(pdp.decide(DecisionRequest.of("F2", STUDENT, BHV, BUP, Set.of(SUMMARY), NOW)).permit())
                .as("names no recipient: not for a referral").isFalse();
    }

    @Test
    void notOrg_withholds_from_the_recipient_it_names_and_from_no_other() {
        studentConsentsToEverything();
        registry.add(fixture("r4-consent-example-notOrg"));

        assertThat(f1ForStudent(BHV, SCHOOL).code()).isEqualTo("GW-2107");
        assertThat(f1ForStudent(BHV, OTHER_SCHOOL).code()).isEqualTo("GW-2100");
    }

    @Test
    void notThis_withholding_specific_records_withholds_all_since_the_gateway_cannot_tell_which_they_are() {
        studentConsentsToEverything();
        registry.add(fixture("r4-consent-example-notThis"));

        assertThat(f1ForStudent(BHV, SCHOOL).code()).isEqualTo("GW-2107");
    }

    @Test
    void notTime_withholds_within_its_period_and_not_after_it() {
        studentConsentsToEverything();
        registry.add(fixture("r4-consent-example-notTime"));

        assertThat(f1ForStudent(BHV, SCHOOL).code()).isEqualTo("GW-2103");
        assertThat(f1(STUDENT, BHV, SCHOOL, TestConsents.noon(LocalDate.of(2026, 12, 15))).code()).isEqualTo("GW-2100");
    }

    @Test
    void Out_refuses_everything_from_the_custodian_it_names() {
        studentConsentsToEverything();
        registry.add(fixture("r4-consent-example-Out"));

        assertThat(f1ForStudent(BHV, SCHOOL).code()).isEqualTo("GW-2107");
        assertThat(f1ForStudent(BUP, SCHOOL).code()).isEqualTo("GW-2100");
    }

    @Test
    void signature_an_untyped_root_under_OPTIN_permits_to_the_recipient_it_names_and_no_other() {
        registry.add(fixture("r4-consent-example-signature"));

        assertThat(f1ForStudent(BHV, SCHOOL).code()).isEqualTo("GW-2100");
        assertThat(f1ForStudent(BHV, OTHER_SCHOOL).code()).isEqualTo("GW-2102");
    }

    @Test
    void pkb_nested_provisions_are_exceptions_to_exceptions_and_a_security_label_permits_nothing() {
        registry.add(fixture("r4-consent-example-pkb"));

        Decision decision = f1ForStudent(BHV, SCHOOL);

        // root: deny to the school; exception: permit immunizations and observations; within it: deny hearing
        assertThat(decision.permit()).isTrue();
        assertThat(decision.permitted()).containsExactlyInAnyOrder(IMMUNIZATION, GROWTH, VISION);
        assertThat(decision.rules()).contains("C3", "C11");
        assertThat(f1ForStudent(BHV, OTHER_SCHOOL).code()).isEqualTo("GW-2102");
    }

    @Test
    void pcf_basic_permit_signed_by_both_guardians_names_no_recipient_so_it_permits_only_the_transfer() {
        registry.add(TestConsents.guardian("g-mother", CHILD, MOTHER, true),
                TestConsents.guardian("g-father", CHILD, FATHER, true), fixture("pcf-basic-permit"));

        Decision transfer = f1(CHILD, BHV, SCHOOL, NOW);
        Decision referral = pdp.decide(DecisionRequest.of("F2", CHILD, BHV, BUP, Set.of(SUMMARY, MEDICAL), NOW));
        Decision support = pdp.decide(DecisionRequest.of("F4", CHILD, SCHOOL, SOCIAL_INTAKE, Set.of(PSYCHOSOCIAL), NOW)
                .with(Context.NONE.withCasePhase(CasePhase.VOLUNTARY)));

        assertThat(transfer.code()).isEqualTo("GW-2100");
        assertThat(transfer.consentRefs()).containsExactly("Consent/ex-consent-basic-permit/_history/1");
        assertThat(referral.code()).as("F2 needs the recipient named").isEqualTo("GW-2102");
        assertThat(support.code()).isEqualTo("GW-2102");
    }

    @Test
    void pcf_basic_deny_refuses_treatment_purposes_but_is_no_refusal_of_other_flows_and_never_of_a_report() {
        registry.add(TestConsents.guardian("g-mother", CHILD, MOTHER, true),
                TestConsents.guardian("g-father", CHILD, FATHER, true), fixture("pcf-basic-deny"));

        Decision transfer = f1(CHILD, BHV, SCHOOL, NOW);
        Decision support = pdp.decide(DecisionRequest.of("F4", CHILD, SCHOOL, SOCIAL_INTAKE, Set.of(PSYCHOSOCIAL), NOW)
                .with(Context.NONE.withCasePhase(CasePhase.VOLUNTARY)));
        Decision report = pdp.decide(DecisionRequest.of("F5", CHILD, SCHOOL, SOCIAL_INTAKE, Set.of(PSYCHOSOCIAL), NOW));

        assertThat(transfer.code()).isEqualTo("GW-2103");
        assertThat(support.code()).isEqualTo("GW-2102");
        assertThat(report.code()).isEqualTo("GW-2111");
        assertThat(report.legalBasis()).hasValueSatisfying(basis -> assertThat(basis).contains("14 kap. 1 §"));
    }

    @Test
    void pcf_time_limited_holds_within_its_period_and_has_expired_after_it() {
        registry.add(TestConsents.guardian("g-mother", CHILD, MOTHER, true),
                TestConsents.guardian("g-father", CHILD, FATHER, true), fixture("pcf-time-limited"));

        assertThat(f1(CHILD, BHV, SCHOOL, NOW).code()).isEqualTo("GW-2100");
        assertThat(f1(CHILD, BHV, SCHOOL, TestConsents.noon(LocalDate.of(2027, 1, 1))).code()).isEqualTo("GW-2108");
    }

    @Test
    void pcf_organisation_to_organisation_holds_between_those_two_only() {
        registry.add(TestConsents.guardian("g-mother", CHILD, MOTHER, true),
                TestConsents.guardian("g-father", CHILD, FATHER, true), fixture("pcf-org-to-org"));

        assertThat(f1(CHILD, BHV, SCHOOL, NOW).code()).as("named by the RIV-TA OID, asked by HSA-id")
                .isEqualTo("GW-2100");
        assertThat(f1(CHILD, BUP, SCHOOL, NOW).code()).as("another source").isEqualTo("GW-2102");
        assertThat(f1(CHILD, BHV, OTHER_SCHOOL, NOW).code()).as("another recipient").isEqualTo("GW-2102");
    }

    @Test
    void pcf_permit_with_a_nested_deny_permits_all_but_what_the_deny_names() {
        registry.add(TestConsents.guardian("g-mother", CHILD, MOTHER, true),
                TestConsents.guardian("g-father", CHILD, FATHER, true), fixture("pcf-permit-nested-deny"));

        Decision referral = pdp.decide(DecisionRequest.of("F2", CHILD, BHV, BUP,
                EnumSet.of(SUMMARY, MEDICAL, PSYCHOSOCIAL), NOW));

        assertThat(referral.permit()).isTrue();
        assertThat(referral.permitted()).containsExactlyInAnyOrder(SUMMARY, MEDICAL);
        assertThat(referral.rules()).contains("C3", "C11");
    }
}
