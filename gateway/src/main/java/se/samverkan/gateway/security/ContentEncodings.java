package se.samverkan.gateway.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import se.samverkan.gateway.logging.Logs;

/**
 * A request body sent with {@code Content-Encoding: gzip} or {@code deflate}, decompressed here and counted
 * decompressed against the size limit: a few hundred kilobytes of gzip can expand to gigabytes, and whatever
 * reads the body after us (HAPI decompresses a gzip body whole, unbounded) must never see it compressed.
 */
final class ContentEncodings {

    /** Why a body cannot be taken: the answer's status, GW code and reason. */
    record Refusal(int status, String code, String reason) {
    }

    static final class Refused extends Exception {
        private final transient Refusal refusal;

        Refused(int status, String code, String reason) {
            super(reason, null, false, false);
            this.refusal = new Refusal(status, code, reason);
        }

        Refusal refusal() {
            return refusal;
        }
    }

    private ContentEncodings() {
    }

    /** True for no encoding or {@code identity}: the bytes are the body. */
    static boolean plain(String encoding) {
        return encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity");
    }

    /**
     * The decompressed body, refused (413 GW-6006) as soon as it passes {@code max} bytes: reading stops there.
     * Unknown or stacked encodings get 415, a body that does not decompress 400.
     */
    static byte[] decode(String encoding, byte[] body, long max) throws Refused {
        String name = encoding.strip().toLowerCase(Locale.ROOT);
        try (InputStream in = switch (name) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body), 8192);
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            default -> throw new Refused(415, "GW-6006", "Content-Encoding '" + Logs.safe(encoding)
                    + "' is not accepted (gzip, deflate or none)");
        }) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 4, 1 << 20));
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) {
                if (out.size() + (long) n > max) {
                    throw new Refused(413, "GW-6006", "the request body decompressed is larger than the " + max
                            + " bytes allowed");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new Refused(400, "GW-6006", "the request body is not valid " + name);
        }
    }
}
