package se.samverkan.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.gateway.consent.DataCategory.DEVELOPMENT;
import static se.samverkan.gateway.consent.DataCategory.GROWTH;
import static se.samverkan.gateway.consent.DataCategory.HEARING;
import static se.samverkan.gateway.consent.DataCategory.IMMUNIZATION;
import static se.samverkan.gateway.consent.DataCategory.VISION;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.gateway.consent.RecordedConsentGate.Guardian;
import se.samverkan.gateway.consent.RecordedConsentGate.RecordedConsent;
import se.samverkan.gateway.consent.RecordedConsentGate.RecordedRequest;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.support.TestIds;

/** Every rule the F1 gate enforces, each with at least one permit and one deny. */
@SuppressWarnings("removal")
class RecordedConsentGateTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final PersonalIdentityNumber CHILD = TestIds.id(LocalDate.of(2021, 2, 4), 900);
    static final PersonalIdentityNumber MOTHER = TestIds.id(LocalDate.of(1985, 3, 12), 902);
    static final PersonalIdentityNumber FATHER = TestIds.id(LocalDate.of(1987, 9, 21), 911);
    static final PersonalIdentityNumber ADULT_TODAY = TestIds.id(LocalDate.of(2008, 11, 23), 913);
    static final PersonalIdentityNumber ADULT_TOMORROW = TestIds.id(LocalDate.of(2008, 11, 24), 915);
    static final Set<DataCategory> ALL_F1 = EnumSet.of(IMMUNIZATION, GROWTH, HEARING, VISION, DEVELOPMENT);

    /** A scenario: a child with both guardians holding custody and no consents, changed by the case. */
    record Scenario(PersonalIdentityNumber child, boolean protectedIdentity, List<Guardian> guardians,
                    List<RecordedConsent> consents) {

        static Scenario jointCustody() {
            return new Scenario(CHILD, false, List.of(new Guardian(MOTHER, true), new Guardian(FATHER, true)),
                    List.of());
        }

        Scenario with(RecordedConsent consent) {
            List<RecordedConsent> all = new ArrayList<>(consents);
            all.add(consent);
            return new Scenario(child, protectedIdentity, guardians, all);
        }

        Scenario withGuardians(Guardian... gs) {
            return new Scenario(child, protectedIdentity, List.of(gs), consents);
        }

        Scenario forChild(PersonalIdentityNumber id) {
            return new Scenario(id, protectedIdentity, guardians, consents);
        }

        Scenario markedProtected() {
            return new Scenario(child, true, guardians, consents);
        }
    }

    static RecordedConsent permit(PersonalIdentityNumber by, DataCategory... categories) {
        return consent(by, true, TODAY.minusMonths(6), null, null, categories);
    }

    static RecordedConsent refuse(PersonalIdentityNumber by, DataCategory... categories) {
        return consent(by, false, TODAY.minusMonths(6), null, null, categories);
    }

    static RecordedConsent consent(PersonalIdentityNumber by, boolean permit, LocalDate given, LocalDate until,
                                   LocalDate withdrawn, DataCategory... categories) {
        Set<DataCategory> set = categories.length == 0 ? Set.of() : EnumSet.copyOf(List.of(categories));
        return new RecordedConsent("consent-" + by.hashCode() + "-" + permit, by, permit, given, set, until,
                withdrawn, null);
    }

    static Arguments permitCase(String name, UnaryOperator<Scenario> setUp, Set<DataCategory> permitted,
                                String... rules) {
        return Arguments.of(name, setUp, true, "GW-0000", permitted, List.of(rules));
    }

    static Arguments denyCase(String name, UnaryOperator<Scenario> setUp, String code, String... rules) {
        return Arguments.of(name, setUp, false, code, Set.of(), List.of(rules));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                permitCase("C4 permit: joint custody, both guardians consent",
                        s -> s.with(permit(MOTHER)).with(permit(FATHER)), ALL_F1, "C2", "C4"),
                denyCase("C1 deny: no consent on record",
                        s -> s, "GW-2102", "C1"),
                denyCase("C4 deny: joint custody, only one guardian consents",
                        s -> s.with(permit(MOTHER)), "GW-2105", "C4"),
                permitCase("C4 permit: a guardian without custody need not consent",
                        s -> s.withGuardians(new Guardian(MOTHER, true), new Guardian(FATHER, false))
                                .with(permit(MOTHER)), ALL_F1, "C4"),
                denyCase("C4 deny: the consent of a guardian without custody counts for nothing",
                        s -> s.withGuardians(new Guardian(MOTHER, true), new Guardian(FATHER, false))
                                .with(permit(FATHER)), "GW-2102", "C1"),
                denyCase("C4 deny: no guardian with custody on record",
                        s -> s.withGuardians(new Guardian(MOTHER, false)).with(permit(MOTHER)), "GW-2104", "C4"),
                permitCase("C4 permit: 18 today, the student consents alone",
                        s -> s.forChild(ADULT_TODAY).with(permit(ADULT_TODAY)), ALL_F1, "C4"),
                denyCase("C4 deny: 18 tomorrow, the student's own consent is not enough",
                        s -> s.forChild(ADULT_TOMORROW).with(permit(ADULT_TOMORROW)), "GW-2102", "C1"),
                denyCase("C4 deny: 18 today, the guardians' consent no longer counts",
                        s -> s.forChild(ADULT_TODAY).with(permit(MOTHER)).with(permit(FATHER)), "GW-2102", "C1"),
                denyCase("C3 deny: one guardian refuses, the other's permit does not win",
                        s -> s.with(permit(MOTHER)).with(refuse(FATHER)), "GW-2103", "C3"),
                permitCase("C3 permit: a refusal of one category is an exception to the permit",
                        s -> s.with(permit(MOTHER)).with(permit(FATHER)).with(refuse(FATHER, HEARING)),
                        EnumSet.of(IMMUNIZATION, GROWTH, VISION, DEVELOPMENT), "C3", "C11"),
                denyCase("C2 deny: consent expired yesterday",
                        s -> s.with(permit(MOTHER)).with(consent(FATHER, true, TODAY.minusYears(1),
                                TODAY.minusDays(1), null)), "GW-2108", "C2"),
                permitCase("C2 permit: consent valid until today",
                        s -> s.with(permit(MOTHER)).with(consent(FATHER, true, TODAY.minusYears(1), TODAY, null)),
                        ALL_F1, "C2"),
                denyCase("C2 deny: consent dated tomorrow is not yet given",
                        s -> s.with(permit(MOTHER)).with(consent(FATHER, true, TODAY.plusDays(1), null, null)),
                        "GW-2105", "C4"),
                denyCase("C5 deny: consent withdrawn today",
                        s -> s.with(permit(MOTHER)).with(consent(FATHER, true, TODAY.minusYears(1), null, TODAY)),
                        "GW-2107", "C5"),
                permitCase("C5 permit: a withdrawal dated tomorrow has not taken effect",
                        s -> s.with(permit(MOTHER)).with(consent(FATHER, true, TODAY.minusYears(1), null,
                                TODAY.plusDays(1))), ALL_F1, "C2"),
                denyCase("C10 deny: protected identity is held whatever the consents",
                        s -> s.markedProtected().with(permit(MOTHER)).with(permit(FATHER)), "GW-2101", "C10"),
                permitCase("C11 permit: only the categories both guardians cover go",
                        s -> s.with(permit(MOTHER, IMMUNIZATION, GROWTH)).with(permit(FATHER, IMMUNIZATION)),
                        EnumSet.of(IMMUNIZATION), "C11"),
                denyCase("C11 deny: the consents cover none of the categories asked for",
                        s -> s.with(permit(MOTHER, DataCategory.PSYCHOSOCIAL))
                                .with(permit(FATHER, DataCategory.PSYCHOSOCIAL)), "GW-2106", "C11"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, UnaryOperator<Scenario> setUp, boolean permit, String code,
                 Set<DataCategory> permitted, List<String> rules) {
        Scenario s = setUp.apply(Scenario.jointCustody());
        RecordedRequest request = new RecordedRequest("F1", s.child(), s.protectedIdentity(), "SE2321000016-BHV1",
                "10000001", ALL_F1, TODAY.atTime(12, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant(),
                s.guardians(), s.consents());

        Decision decision = new RecordedConsentGate().decide(request);

        assertThat(decision.permit()).as("permit").isEqualTo(permit);
        assertThat(decision.code()).as("code").isEqualTo(code);
        assertThat(decision.rules()).as("rules").containsAll(rules);
        assertThat(decision.permitted()).as("permitted categories").isEqualTo(permitted);
        assertThat(decision.reason()).as("reason").isNotBlank();
    }

    @org.junit.jupiter.api.Test
    void without_recorded_consents_it_fails_closed() {
        Decision decision = new RecordedConsentGate().decide(DecisionRequest.of("F1", CHILD,
                OrganisationId.hsaId("SE2321000016-BHV1"), OrganisationId.skolenhetskod("10000001"), ALL_F1,
                TODAY.atTime(12, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant()));

        assertThat(decision.permit()).isFalse();
        assertThat(decision.code()).isEqualTo("GW-2102");
    }
}
