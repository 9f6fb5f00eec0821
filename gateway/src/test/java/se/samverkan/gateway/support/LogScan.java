package se.samverkan.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * Finds what looks like a Swedish personal identity number in text: twelve digits (YYYYMMDDNNNC) or ten
 * (YYMMDD-NNNC, with or without the separator) with a valid date, or a day plus 60 (samordningsnummer), and a
 * valid check digit. Runs that are part of a longer word (a UUID, a hex digest) do not count.
 */
public final class LogScan {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w-])(\\d{2})?(\\d{2})(\\d{2})(\\d{2})[-+]?(\\d{3})(\\d)(?![\\w-])");

    private LogScan() {
    }

    /** Every candidate with a valid date and check digit, masked but for the first four digits. */
    public static List<String> identityNumbers(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String ten = m.group(2) + m.group(3) + m.group(4) + m.group(5) + m.group(6);
            int month = Integer.parseInt(m.group(3));
            int day = Integer.parseInt(m.group(4));
            boolean date = month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91));
            if (date && PersonalIdentityNumber.luhnCheckDigit(ten.substring(0, 9)) == ten.charAt(9) - '0') {
                // the finding itself must not print a whole number into the test report
                found.add(m.group().substring(0, 4) + "********");
            }
        }
        return found;
    }
}
