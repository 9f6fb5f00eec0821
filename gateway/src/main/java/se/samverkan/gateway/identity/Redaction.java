package se.samverkan.gateway.identity;

import java.util.regex.Pattern;

/**
 * Takes out of a message what could be a personal identity number or a date of birth before it reaches a
 * log, a report or an answer: the separated forms (YYMMDD-NNNN, YYYYMMDD-NNNN, also with spaces or with
 * separators between year, month and day) and every run of six or more digits. One rule for every place that passes on text it did not write (parser, validator, recipient).
 */
public final class Redaction {

    public static final String MARK = "[redacted]";

    // JAXP00010005 and its kind name a JDK limit, not a person: they stay readable. Besides the written forms,
    // the ones people type into free text: "2021 02 04 9000", "2021-02-04-9000", "20210204 9000"
    private static final Pattern NUMBERS = Pattern.compile("(?<!JAXP\\d{0,7})(?:\\d{6}(?:\\d{2})?[-+ ]\\d{4}"
            + "|(?<!\\d)(?:\\d{2})?\\d{2}[- ]\\d{2}[- ]\\d{2}[-+ ]\\d{4}(?!\\d)|\\d{6,})");

    // the last net under every log line: what has the shape of an identity number (a date, a day plus 60 for a
    // samordningsnummer, four digits; written together, with '-' or '+', or with spaces or separators between
    // year, month and day), and nothing else, so school unit codes, timestamps and counts stay readable
    private static final Pattern IDENTITY_NUMBERS = Pattern.compile("(?<![\\w.])(?:(?:19|20)?\\d{2})[- ]?"
            + "(?:0[1-9]|1[0-2])[- ]?(?:0[1-9]|[12]\\d|3[01]|6[1-9]|[78]\\d|9[01])[-+ ]?\\d{4}(?![\\w])");

    private Redaction() {
    }

    /**
     * Only what has the shape of a personal identity number or samordningsnummer, in any of the forms people
     * write one: the rule every log line passes ({@code logging/SafeMessageConverter}).
     */
    public static String identityNumbers(String text) {
        return text == null ? null : IDENTITY_NUMBERS.matcher(text).replaceAll(MARK);
    }

    public static String numbers(String text) {
        return text == null ? null : NUMBERS.matcher(text).replaceAll(MARK);
    }
}
