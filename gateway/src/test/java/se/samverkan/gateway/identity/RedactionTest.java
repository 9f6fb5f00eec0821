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
}
