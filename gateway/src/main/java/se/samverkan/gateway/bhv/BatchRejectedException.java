package se.samverkan.gateway.bhv;

/** A whole file is refused: not well-formed, not valid against the schema, or hostile (DOCTYPE). */
public class BatchRejectedException extends RuntimeException {

    private final String code;
    private final int line;

    public BatchRejectedException(String code, int line, String reason, Throwable cause) {
        super(code + " line " + line + ": " + reason, cause);
        this.code = code;
        this.line = line;
    }

    public String code() {
        return code;
    }

    public int line() {
        return line;
    }
}
