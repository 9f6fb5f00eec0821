package se.samverkan.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LogScanTest {

    private static final String PNR = TestIds.pnr(LocalDate.of(2019, 4, 30), 123);

    @Test
    void findsTwelveDigitNumbersAndTheTenDigitFormsWithAndWithoutSeparator() {
        String ten = PNR.substring(2);
        String text = "a " + PNR + " b " + ten.substring(0, 6) + "-" + ten.substring(6) + " c " + ten + ".";

        assertThat(LogScan.identityNumbers(text)).hasSize(3);
    }

    @Test
    void findsSamordningsnummer() {
        assertThat(LogScan.identityNumbers("x=" + TestIds.samordningsnummer(LocalDate.of(2018, 2, 3), 45)))
                .hasSize(1);
    }

    @Test
    void ignoresAWrongCheckDigitAnImpossibleDateAndDigitsInsideLongerTokens() {
        String wrongCheck = PNR.substring(0, 11) + ((PNR.charAt(11) - '0' + 1) % 10);
        String text = wrongCheck + " 201913011234 f47ac10b-" + PNR.substring(2, 10) + "-4372 id" + PNR
                + " 1764000000123";

        assertThat(LogScan.identityNumbers(text)).isEmpty();
    }

    @Test
    void neverPrintsTheWholeNumberItFound() {
        assertThat(LogScan.identityNumbers(PNR)).containsExactly(PNR.substring(0, 4) + "********");
    }
}
