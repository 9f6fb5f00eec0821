package se.samverkan.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.samverkan.gateway.support.TestIds;

class PersonalIdentityNumberTest {

    @Test
    void acceptsAValidPersonnummerAndReadsItsBirthDateAndGender() {
        // the second-to-last digit is the serial's last: 902 is even, so female
        String value = TestIds.pnr(LocalDate.of(2021, 2, 4), 902);
        PersonalIdentityNumber id = PersonalIdentityNumber.parse(value);
        assertThat(id.kind()).isEqualTo(PersonalIdentityNumber.Kind.PERSONNUMMER);
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(2021, 2, 4));
        assertThat(id.administrativeGender()).isEqualTo("female");
        assertThat(id.value()).isEqualTo(value);
    }

    @Test
    void knowsTheTaxAgencyCheckDigitExample() {
        // the Swedish Tax Agency's own worked example: 811218-987 gives check digit 6
        assertThat(PersonalIdentityNumber.luhnCheckDigit("811218987")).isEqualTo(6);
    }

    @Test
    void readsASamordningsnummerAsDayPlusSixty() {
        PersonalIdentityNumber id = PersonalIdentityNumber.parse(TestIds.samordningsnummer(LocalDate.of(2008, 3, 15), 912));
        assertThat(id.kind()).isEqualTo(PersonalIdentityNumber.Kind.SAMORDNINGSNUMMER);
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(2008, 3, 15));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "20210204900, must be 12 digits (YYYYMMDDNNNC)",
        "2021020490X0, must be 12 digits (YYYYMMDDNNNC)",
        "202102309000, date part is not a valid date",
        "202113049000, date part is not a valid date"})
    void refusesMalformedNumbersNamingTheCheckThatFailed(String value, String problem) {
        assertThat(PersonalIdentityNumber.problem(value)).isEqualTo(problem);
    }

    @Test
    void refusesAWrongCheckDigit() {
        String valid = TestIds.pnr(LocalDate.of(2021, 8, 19), 906);
        String wrong = valid.substring(0, 11) + (char) ('0' + (valid.charAt(11) - '0' + 1) % 10);
        assertThat(PersonalIdentityNumber.problem(wrong)).isEqualTo("check digit does not match");
        assertThatThrownBy(() -> PersonalIdentityNumber.parse(wrong))
                .hasMessage("check digit does not match")
                .hasMessageNotContaining(wrong);
    }

    @Test
    void turnsEighteenOnTheBirthdayItself() {
        PersonalIdentityNumber id = TestIds.id(LocalDate.of(2008, 11, 23), 905);
        assertThat(id.ageOn(LocalDate.of(2026, 11, 22))).isEqualTo(17);
        assertThat(id.ageOn(LocalDate.of(2026, 11, 23))).isEqualTo(18);
    }

    @Test
    void neverShowsTheNumberInToString() {
        String value = TestIds.pnr(LocalDate.of(2021, 2, 4), 901);
        assertThat(PersonalIdentityNumber.parse(value).toString()).doesNotContain(value).contains("redacted");
    }

    @Test
    void pseudonymsAreStablePerKeyAndRevealNothing() {
        String value = TestIds.pnr(LocalDate.of(2021, 2, 4), 901);
        Pseudonymizer a = new Pseudonymizer("a-key-of-sixteen-chars");
        Pseudonymizer b = new Pseudonymizer("another-key-of-sixteen");
        assertThat(a.pseudonym(value)).isEqualTo(a.pseudonym(value)).doesNotContain(value.substring(0, 6));
        assertThat(a.pseudonym(value)).isNotEqualTo(b.pseudonym(value));
    }
}
