package se.samverkan.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;

class ConsentEndedTest {

    private static Consent stored(TestConsents.Builder builder, String version) {
        Consent consent = builder.build();
        consent.setId("Consent/c-1/_history/" + version);
        return consent;
    }

    @Test
    void aWithdrawalEndsTheConsentForItsFlows() {
        Consent before = stored(TestConsents.permit("c-1", TestWorld.CHILD, TestWorld.MOTHER).purpose("F2"), "1");
        Consent after = stored(TestConsents.permit("c-1", TestWorld.CHILD, TestWorld.MOTHER).purpose("F2")
                .status(Consent.ConsentState.INACTIVE), "2");

        ConsentEnded ended = ConsentEnded.of(before, after).orElseThrow();

        assertThat(ended.child()).isEqualTo(TestWorld.CHILD);
        assertThat(ended.flows()).containsExactly("F2");
        assertThat(ended.consentRef()).isEqualTo("Consent/c-1/_history/2");
    }

    @Test
    void anUpdateThatLeavesItActiveEndsNothing() {
        Consent before = stored(TestConsents.permit("c-1", TestWorld.CHILD, TestWorld.MOTHER), "1");
        Consent after = stored(TestConsents.permit("c-1", TestWorld.CHILD, TestWorld.MOTHER), "2");

        assertThat(ConsentEnded.of(before, after)).isEmpty();
        assertThat(ConsentEnded.of(null, after)).isEmpty();
    }

    @Test
    void aNewRefusalEndsWhatEarlierPermitsAllowedAndANewPermitDoesNot() {
        Consent refusal = stored(TestConsents.refusal("c-1", TestWorld.CHILD, TestWorld.MOTHER).purpose("F4"), "1");
        Consent permit = stored(TestConsents.permit("c-1", TestWorld.CHILD, TestWorld.MOTHER).purpose("F4"), "1");

        assertThat(ConsentEnded.ofRefusal(refusal).orElseThrow().flows()).containsExactly("F4");
        assertThat(ConsentEnded.ofRefusal(permit)).isEmpty();
    }

    @Test
    void aConsentNamingNoFlowEndsEveryFlow() {
        Consent before = stored(TestConsents.permit("c-1", TestWorld.CHILD, TestWorld.MOTHER).anyPurpose(), "1");
        Consent after = stored(TestConsents.permit("c-1", TestWorld.CHILD, TestWorld.MOTHER).anyPurpose()
                .status(Consent.ConsentState.INACTIVE), "2");

        assertThat(ConsentEnded.of(before, after).orElseThrow().flows()).contains("F1", "F7").hasSize(7);
    }
}
