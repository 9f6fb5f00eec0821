package se.samverkan.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samverkan.gateway.consent.TestWorld.ALL_F1;
import static se.samverkan.gateway.consent.TestWorld.BHV;
import static se.samverkan.gateway.consent.TestWorld.CHILD;
import static se.samverkan.gateway.consent.TestWorld.FATHER;
import static se.samverkan.gateway.consent.TestWorld.MOTHER;
import static se.samverkan.gateway.consent.TestWorld.NOW;
import static se.samverkan.gateway.consent.TestWorld.SCHOOL;
import static se.samverkan.gateway.consent.TestWorld.TODAY;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.mapping.DataCategoryTable;

class PolicyDecisionPointTest {

    static final DataCategoryTable TABLE = new DataCategoryTable();

    final InMemoryConsentRegistry registry = new InMemoryConsentRegistry().add(
            TestConsents.guardian("g-mother", CHILD, MOTHER, true),
            TestConsents.guardian("g-father", CHILD, FATHER, true));
    final PolicyDecisionPoint pdp = new PolicyDecisionPoint(TestFlows.catalogue(), registry, TABLE, TestWorld.PARTICIPANTS);

    static DecisionRequest f1(java.time.Instant at) {
        return DecisionRequest.of("F1", CHILD, BHV, SCHOOL, ALL_F1, at);
    }

    @Test
    void a_withdrawal_takes_effect_at_once_permit_at_t1_deny_at_t2_for_the_same_delivery() {
        Consent fathers = TestConsents.permit("c-father", CHILD, FATHER).build();
        registry.add(TestConsents.permit("c-mother", CHILD, MOTHER).build(), fathers);
        DecisionRequest queued = f1(NOW);

        Decision atT1 = pdp.decide(queued);
        fathers.setStatus(ConsentState.INACTIVE);
        fathers.getMeta().setVersionId("2");
        Decision atT2 = pdp.decide(queued.asOf(NOW.plus(Duration.ofMinutes(5))));

        assertThat(atT1.permit()).isTrue();
        assertThat(atT1.consentRefs()).containsExactlyInAnyOrder("Consent/c-mother/_history/1",
                "Consent/c-father/_history/1");
        assertThat(atT2.permit()).isFalse();
        assertThat(atT2.code()).isEqualTo("GW-2107");
        assertThat(atT2.consentRefs()).contains("Consent/c-father/_history/2");
        assertThat(atT2.has(Decision.Obligation.NOTIFY_CONSENT_ENDED)).isTrue();
    }

    @Test
    void a_consent_that_ends_today_holds_until_midnight_swedish_time_and_not_after() {
        registry.add(TestConsents.permit("c-mother", CHILD, MOTHER).build(),
                TestConsents.permit("c-father", CHILD, FATHER).until(TODAY).build());
        java.time.Instant midnight = TODAY.plusDays(1).atStartOfDay(FhirTime.SWEDEN).toInstant();

        assertThat(pdp.decide(f1(midnight.minusSeconds(1))).permit()).isTrue();
        assertThat(pdp.decide(f1(midnight)).code()).isEqualTo("GW-2108");
    }

    @Test
    void an_unknown_flow_is_an_exception_never_a_permit() {
        DecisionRequest unknown = DecisionRequest.of("F9", CHILD, BHV, SCHOOL, ALL_F1, NOW);

        assertThatThrownBy(() -> pdp.decide(unknown)).isInstanceOf(UnknownFlowException.class)
                .hasMessageStartingWith("GW-2120").hasMessageNotContaining(CHILD.value());
    }

    @Test
    void flow_ids_are_matched_without_regard_to_case() {
        registry.add(TestConsents.permit("c-mother", CHILD, MOTHER).build(),
                TestConsents.permit("c-father", CHILD, FATHER).build());

        assertThat(pdp.decide(DecisionRequest.of("f1", CHILD, BHV, SCHOOL, ALL_F1, NOW)).permit()).isTrue();
    }

    /**
     * Deciding again right before every delivery (C12) must be cheap: a child with ten consents costs two
     * registry reads per decision (consents, guardians), no lookups, and the resources read are left as
     * they were. Nothing is timed; what is counted is what would make it expensive.
     */
    @Test
    void deciding_for_a_child_with_ten_consents_reads_the_registry_twice_and_writes_nothing() {
        List<Consent> ten = TestConsents.tenConsents(CHILD, MOTHER, FATHER);
        ten.forEach(registry::add);
        var json = FhirContext.forR4Cached().newJsonParser();
        List<String> before = ten.stream().map(json::encodeResourceToString).toList();

        Set<Decision> decisions = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            decisions.add(pdp.decide(f1(NOW)));
        }

        assertThat(decisions).hasSize(1);
        assertThat(decisions.iterator().next().consentRefs()).hasSize(10);
        assertThat(registry.reads.get()).isEqualTo(2 * 1_000);
        assertThat(ten.stream().map(json::encodeResourceToString).toList()).isEqualTo(before);
    }

    @Test
    void an_adult_student_costs_one_registry_read_no_guardians_are_looked_up() {
        registry.add(TestConsents.permit("c-self", TestWorld.ADULT_TODAY, TestWorld.ADULT_TODAY).build());

        Decision decision = pdp.decide(DecisionRequest.of("F1", TestWorld.ADULT_TODAY, BHV, SCHOOL, ALL_F1, NOW));

        assertThat(decision.permit()).isTrue();
        assertThat(registry.reads.get()).isEqualTo(1);
    }
}
