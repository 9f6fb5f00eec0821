package se.samverkan.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for identity numbers: logs and reports name a child by pseudonym, the audit store
 * by identity. The same key gives the same pseudonym, so an administrator holding the key can find the
 * child behind a report line; without the key the pseudonym reveals nothing.
 */
public final class Pseudonymizer {

    private final SecretKeySpec key;

    public Pseudonymizer(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("pseudonym key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String pseudonym(String identityNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(identityNumber.getBytes(StandardCharsets.UTF_8));
            return "ps-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
