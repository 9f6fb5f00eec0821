package se.samverkan.gateway.cooperation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * Whether a text holds what reads as a personal identity number: twelve digits (YYYYMMDDNNNC) or ten
 * (YYMMDDNNNC), each with an optional separator (-, + or a space) before the last four, a plausible date
 * (a samordningsnummer's day plus 60 included) and a matching Luhn check digit.
 *
 * <p>Stricter than the log scan in the tests: letters and hyphens next to the digits do not protect them
 * ("pnr201903142383", "Condition/adhd-201903142383" count), since a consultation that should be anonymous is
 * better refused than leaked. The one exception is digits inside a UUID, which is how the gateway's fresh ids
 * look: a random id must never read as an identity number.
 */
final class IdentityNumberText {

    private static final Pattern CANDIDATE = Pattern.compile("(?<!\\d)(\\d{2})?(\\d{2})(\\d{2})(\\d{2})[-+ ]?(\\d{3})(\\d)(?!\\d)");
    private static final Pattern UUID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

    private IdentityNumberText() {
    }

    static boolean contains(String text) {
        if (text == null || text.length() < 10) {
            return false;
        }
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (insideUuid(text, m.start(), m.end())) {
                continue;
            }
            int month = Integer.parseInt(m.group(3));
            int day = Integer.parseInt(m.group(4));
            boolean date = month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91));
            String nine = m.group(2) + m.group(3) + m.group(4) + m.group(5);
            if (date && PersonalIdentityNumber.luhnCheckDigit(nine) == m.group(6).charAt(0) - '0') {
                return true;
            }
        }
        return false;
    }

    private static boolean insideUuid(String text, int start, int end) {
        Matcher u = UUID.matcher(text);
        while (u.find()) {
            if (u.start() <= start && end <= u.end()) {
                return true;
            }
        }
        return false;
    }
}
