package se.samverkan.gateway.delivery;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.http.base.HttpOperationFailedException;
import se.samverkan.gateway.identity.Redaction;

/**
 * Why a send failed, and whether trying again can help. Retryable: no answer in time, no connection (refused,
 * reset, TLS handshake), a server error (5xx), and 408 and 429, which ask for exactly that. Anything else the
 * recipient answers (other 4xx, 3xx) is its refusal of this payload: sending the same bytes again cannot
 * change it, so the delivery is parked with the reason. Reasons may reach reports and logs, so digit runs of
 * identity-number length a recipient may echo are removed.
 */
public record DeliveryFailure(boolean retryable, String code, String reason) {

    /** Failed, will be retried. */
    public static final String RETRY = "GW-3001";
    /** The recipient refused the delivery. */
    public static final String REFUSED_BY_RECIPIENT = "GW-3002";
    /** Every attempt failed. */
    public static final String GAVE_UP = "GW-3003";

    private static final Pattern DIAGNOSTICS = Pattern.compile("\"diagnostics\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static DeliveryFailure of(Throwable thrown) {
        HttpOperationFailedException http = find(thrown, HttpOperationFailedException.class);
        if (http != null) {
            int status = http.getStatusCode();
            String reason = "HTTP " + status + (http.getStatusText() == null ? "" : " " + http.getStatusText())
                    + recipientSays(http.getResponseBody());
            boolean retryable = status >= 500 || status == 408 || status == 429;
            return new DeliveryFailure(retryable, retryable ? RETRY : REFUSED_BY_RECIPIENT, scrub(reason));
        }
        Throwable cause = find(thrown, IOException.class);
        if (cause == null) {
            cause = thrown;
        }
        String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new DeliveryFailure(true, RETRY, scrub(reason));
    }

    private static String recipientSays(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        Matcher m = DIAGNOSTICS.matcher(body);
        String said = m.find() ? m.group(1) : body.strip();
        return ": " + (said.length() > 300 ? said.substring(0, 299) + "…" : said);
    }

    /** Removes digit runs of identity-number length. */
    public static String scrub(String text) {
        return Redaction.numbers(text);
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
