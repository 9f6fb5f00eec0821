package se.samverkan.gateway.security.signature;

/**
 * A signed payload is refused. The message is the code and a plain reason; it never holds payload content,
 * and never a certificate's subject (a person's certificate would put a name and an identifier there).
 */
public class SignatureRefusedException extends RuntimeException {

    /** Not a CMS signature (or unreadable base64), not detached, or an algorithm not accepted. */
    public static final String NOT_A_SIGNATURE = "GW-6101";
    /** The content does not match the signature: changed after signing. */
    public static final String TAMPERED = "GW-6102";
    /** The signer's certificate is not trusted: another issuer, expired, revoked, or not for signing. */
    public static final String UNTRUSTED = "GW-6103";
    /** No signer or several, or no certificate (or none naming a participant) for the signer. */
    public static final String SIGNER = "GW-6104";

    private final String code;
    private final String reason;

    SignatureRefusedException(String code, String reason) {
        this(code, reason, null);
    }

    SignatureRefusedException(String code, String reason, Throwable cause) {
        super(code + " " + reason, cause);
        this.code = code;
        this.reason = reason;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
