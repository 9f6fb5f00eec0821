package se.samverkan.gateway.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * A Swedish personnummer or samordningsnummer in its 12-digit form (YYYYMMDDNNNC).
 * The check digit is Luhn over the last ten digits; a samordningsnummer has 60 added to the day.
 * {@link #toString()} never reveals the number, so an instance can't leak into a log by accident.
 */
public final class PersonalIdentityNumber {

    public enum Kind { PERSONNUMMER, SAMORDNINGSNUMMER }

    private final String digits;
    private final LocalDate birthDate;
    private final Kind kind;

    private PersonalIdentityNumber(String digits, LocalDate birthDate, Kind kind) {
        this.digits = digits;
        this.birthDate = birthDate;
        this.kind = kind;
    }

    /** Parses and checks the number; the error says which check failed, never the number itself. */
    public static PersonalIdentityNumber parse(String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int day = Integer.parseInt(value.substring(6, 8));
        Kind kind = day > 60 ? Kind.SAMORDNINGSNUMMER : Kind.PERSONNUMMER;
        LocalDate birth = LocalDate.of(Integer.parseInt(value.substring(0, 4)),
                Integer.parseInt(value.substring(4, 6)), kind == Kind.SAMORDNINGSNUMMER ? day - 60 : day);
        return new PersonalIdentityNumber(value, birth, kind);
    }

    public static Optional<PersonalIdentityNumber> tryParse(String value) {
        return problem(value) == null ? Optional.of(parse(value)) : Optional.empty();
    }

    /** Why the value is not a valid identity number, or null when it is. */
    public static String problem(String value) {
        if (value == null || !value.matches("\\d{12}")) {
            return "must be 12 digits (YYYYMMDDNNNC)";
        }
        int day = Integer.parseInt(value.substring(6, 8));
        try {
            LocalDate.of(Integer.parseInt(value.substring(0, 4)), Integer.parseInt(value.substring(4, 6)),
                    day > 60 ? day - 60 : day);
        } catch (DateTimeException e) {
            return "date part is not a valid date";
        }
        if (!luhnValid(value.substring(2))) {
            return "check digit does not match";
        }
        return null;
    }

    static boolean luhnValid(String tenDigits) {
        return luhnCheckDigit(tenDigits.substring(0, 9)) == tenDigits.charAt(9) - '0';
    }

    /** The Luhn check digit for nine digits (YYMMDDNNN), as the Swedish Tax Agency computes it. */
    public static int luhnCheckDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            int d = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10;
    }

    public String value() {
        return digits;
    }

    public Kind kind() {
        return kind;
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    /** Age in whole years on the given day (a birthday counts from its first moment). */
    public int ageOn(LocalDate day) {
        return Period.between(birthDate, day).getYears();
    }

    /** FHIR administrative gender from the second-to-last digit: odd male, even female. */
    public String administrativeGender() {
        return (digits.charAt(10) - '0') % 2 == 1 ? "male" : "female";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PersonalIdentityNumber other && other.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return "PersonalIdentityNumber[" + kind + ", redacted]";
    }
}
