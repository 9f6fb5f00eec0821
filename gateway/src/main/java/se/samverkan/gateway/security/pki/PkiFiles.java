package se.samverkan.gateway.security.pki;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@link DevelopmentPki} wrote each file. Keystores ({@code .p12}) hold the key with its chain
 * (leaf, issuing CA, root) under the file's base name as alias; {@code .crt} and {@code chain.pem} are PEM,
 * {@code .crl} is DER.
 */
public record PkiFiles(
        Path directory,
        Path rootCa,
        Path rootCaKeystore,
        Path rootCaCrl,
        Path issuingCa,
        Path issuingCaKeystore,
        Path issuingCaCrl,
        Path gatewayServer,
        Path gatewayClient,
        Path gatewaySigning,
        Map<String, Path> participants,
        Path expired,
        Path revoked,
        Path truststore,
        Path chain) {

    public PkiFiles {
        participants = Map.copyOf(participants);
    }

    /** The keystore of a participant by its name, e.g. {@code bhv}. */
    public Path participant(String name) {
        Path path = participants.get(name);
        if (path == null) {
            throw new IllegalArgumentException("no participant " + name + " in " + directory);
        }
        return path;
    }
}
