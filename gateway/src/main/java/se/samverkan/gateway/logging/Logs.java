package se.samverkan.gateway.logging;

import se.samverkan.gateway.identity.Redaction;

/**
 * The log policy in one place: a value from outside (a header, a certificate's subject, a file name, a
 * recipient's answer, a record's identifier) goes into a log line only through {@link #safe}, which takes out
 * what could be an identity number and encodes line breaks and other control characters, so no value can
 * start a line of its own (log forging). {@link SafeMessageConverter} applies the same to every line as the
 * last net, whoever wrote it.
 */
public final class Logs {

    /** The longest value {@link #safe} passes on; a log line is no place for a whole body. */
    static final int MAX_VALUE = 300;

    private Logs() {
    }

    /** The value, redacted, encoded and cut to {@value #MAX_VALUE} characters; "(none)" for null. */
    public static String safe(Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = String.valueOf(value);
        if (text.length() > MAX_VALUE) {
            text = text.substring(0, MAX_VALUE) + "…";
        }
        return encode(Redaction.numbers(text), false);
    }

    /**
     * Control characters as escapes ({@code \r}, {@code \n}, {@code \t}, {@code \u001b}). With {@code keepLines},
     * a line break stays a line break but the next line is marked as a continuation ("  | "), so it cannot pass
     * for a log entry of its own: what a multi-line message (a start-up failure report) needs.
     */
    static String encode(String text, boolean keepLines) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = null;
            if (c == '\n') {
                replacement = keepLines ? "\n  | " : "\\n";
            } else if (c == '\r') {
                replacement = "\\r";
            } else if (c == '\t') {
                replacement = keepLines ? null : "\\t";
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                replacement = String.format("\\u%04x", (int) c);
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
