package se.samverkan.gateway.cooperation;

/**
 * A record or resource that cannot be routed as it is: which field, and why. The whole item is refused (the
 * sender must mend it); nothing in the message quotes the value.
 *
 * @see SubmissionReader the codes GW-42xx
 */
public class SubmissionRefused extends RuntimeException {

    private final String code;
    private final String field;

    public SubmissionRefused(String code, String field, String reason) {
        super(code + " " + field + ": " + reason);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    /** The FHIR path of the field at fault, e.g. {@code Communication.recipient[1].identifier}. */
    public String field() {
        return field;
    }

    /** The reason without the code. */
    public String reason() {
        return getMessage().substring(code.length() + 1);
    }
}
