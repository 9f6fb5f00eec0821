package se.samverkan.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void takesOutTwelveAndTenDigitFormsWithAndWithoutSeparatorAndDatesOfBirth() {
        assertThat(Redaction.numbers("a 201904301234 b 190430-1234 c 20190430-1234 d 20190430 e"))
                .isEqualTo("a [redacted] b [redacted] c [redacted] d [redacted] e");
    }

    @Test
    void keepsShortNumbersAndTheJdksLimitCodes() {
        assertThat(Redaction.numbers("line 12345, status 503, JAXP00010005")).isEqualTo(
                "line 12345, status 503, JAXP00010005");
    }

    @Test
    void takesOutTheFormsPeopleTypeWithSpacesOrSeparatorsBetweenYearMonthAndDay() {
        assertThat(Redaction.numbers("a 2021 02 04 9000 b 2021-02-04-9000 c 20210204 9000 d 21 02 04-9000 e"))
                .isEqualTo("a [redacted] b [redacted] c [redacted] d [redacted] e");
    }

    @Test
    void keepsTimestampsAndDates() {
        assertThat(Redaction.numbers("at 2026-12-07 03:37:37, born 2021-02-04"))
                .isEqualTo("at 2026-12-07 03:37:37, born 2021-02-04");
    }

    @Test
    void theLogRuleTakesEveryFormOfAnIdentityNumberButLeavesSchoolCodesAndTimesAlone() {
        assertThat(Redaction.identityNumbers("a 202102049000 b 2021 02 04 9000 c 2021-02-04-9000 d 210204-9000"
                + " e 20210264+9000 f 10000002 g 03:53:30.123456789Z h id-1765080000000 i x|201904301234"))
                .isEqualTo("a [redacted] b [redacted] c [redacted] d [redacted] e [redacted] f 10000002"
                        + " g 03:53:30.123456789Z h id-1765080000000 i x|[redacted]");
    }
}
