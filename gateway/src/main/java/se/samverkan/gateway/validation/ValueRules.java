package se.samverkan.gateway.validation;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for the values a shape abstracts (names, identifier values, dates, quantities, attached data),
 * stricter than what HAPI's validator checks of a primitive of that type (its regex, a real calendar day,
 * a year between 1800 and now + 80, no surrounding or control whitespace, no Unicode bidi controls, decimal
 * syntax, valid base64). A value outside these rules is not necessarily invalid: it only means the shape
 * cannot vouch for it, and HAPI decides.
 */
final class ValueRules {

    static final int MAX_STRING = 64 * 1024;
    static final int MAX_BASE64 = 1024 * 1024;

    private static final Pattern DATE = Pattern.compile("((?:19|20)\\d\\d)(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\\d|3[01]))?)?");
    private static final Pattern DATE_TIME = Pattern.compile("((?:19|20)\\d\\d)(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\\d|3[01])"
            + "(?:T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:Z|[+-](?:0\\d|1[0-3]):[0-5]\\d|[+-]14:00))?)?)?");
    private static final Pattern INSTANT = Pattern.compile("((?:19|20)\\d\\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])"
            + "T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:Z|[+-](?:0\\d|1[0-3]):[0-5]\\d|[+-]14:00)");
    private static final Pattern DECIMAL = Pattern.compile("-?(?:0|[1-9]\\d{0,8})(?:\\.\\d{1,6})?");
    private static final Pattern UUID = Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private ValueRules() {
    }

    /** Whether a value of this FHIR primitive type is certainly accepted by HAPI's primitive checks. */
    static boolean accepts(String type, String value) {
        return switch (type) {
            case "string" -> plainText(value);
            case "date" -> calendar(DATE.matcher(value));
            case "dateTime" -> calendar(DATE_TIME.matcher(value));
            case "instant" -> calendar(INSTANT.matcher(value));
            case "decimal" -> DECIMAL.matcher(value).matches() && new BigDecimal(value).toString().equals(value);
            case "base64Binary" -> base64(value);
            default -> false;
        };
    }

    /** A bundle-local reference or entry address: urn:uuid with a lower-case UUID. */
    static boolean uuidUrn(String value) {
        return UUID.matcher(value).matches();
    }

    private static boolean plainText(String value) {
        int n = value.length();
        if (n == 0 || n > MAX_STRING || Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(n - 1))
                || Character.isSpaceChar(value.charAt(0)) || Character.isSpaceChar(value.charAt(n - 1))) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 ? c != '\n' && c != '\r' && c != '\t'
                    : c >= 0x7f && c <= 0x9f || c == '<' || c == '>' || bidi(c) || Character.isSurrogate(c)
                    || c == '\ufffe' || c == '\uffff' || Character.getType(c) == Character.FORMAT) {
                return false;
            }
        }
        return true;
    }

    private static boolean bidi(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }

    /** The regex matched and the date, as far as it is given, is a real calendar day. */
    private static boolean calendar(Matcher m) {
        if (!m.matches()) {
            return false;
        }
        if (m.group(3) == null) {
            return true;
        }
        try {
            LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean base64(String value) {
        int n = value.length();
        if (n == 0 || n > MAX_BASE64 || n % 4 != 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean pad = c == '=' && i >= n - 2 && (i == n - 1 || value.charAt(n - 1) == '=');
            if (!(pad || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return false;
            }
        }
        try {
            java.util.Base64.getDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
