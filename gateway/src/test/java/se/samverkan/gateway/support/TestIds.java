package se.samverkan.gateway.support;

import java.time.LocalDate;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/** Made-up identity numbers of valid form for tests. */
public final class TestIds {

    private TestIds() {
    }

    /** A personnummer born on the day, with the serial (000-999) and a correct check digit. */
    public static String pnr(LocalDate birth, int serial) {
        String nine = String.format("%02d%02d%02d%03d", birth.getYear() % 100, birth.getMonthValue(),
                birth.getDayOfMonth(), serial);
        return birth.getYear() / 100 + nine + PersonalIdentityNumber.luhnCheckDigit(nine);
    }

    /** A samordningsnummer: the day of birth plus 60. */
    public static String samordningsnummer(LocalDate birth, int serial) {
        String nine = String.format("%02d%02d%02d%03d", birth.getYear() % 100, birth.getMonthValue(),
                birth.getDayOfMonth() + 60, serial);
        return birth.getYear() / 100 + nine + PersonalIdentityNumber.luhnCheckDigit(nine);
    }

    public static PersonalIdentityNumber id(LocalDate birth, int serial) {
        return PersonalIdentityNumber.parse(pnr(birth, serial));
    }
}
