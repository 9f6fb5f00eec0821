package se.samverkan.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Which gateway this process is, for work it shares with others through the database. The name is stable
 * across restarts (by default host and working directory; set {@code gateway.instance} when several run on
 * one host from one directory), so a restarted gateway can take back at once what its killed predecessor
 * held; the incarnation is new in every process. The one-shot commands are instances of their own.
 */
public record GatewayInstance(String name, String incarnation) {

    public static GatewayInstance of(String configured, String command) {
        String name = configured == null || configured.isBlank() ? defaultName() : configured.trim();
        if (command != null && !command.isBlank()) {
            name = name + "/" + command.trim();
        }
        return new GatewayInstance(name, name + "#" + UUID.randomUUID());
    }

    private static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String name = host + ":" + Path.of("").toAbsolutePath();
        return name.length() > 180 ? name.substring(name.length() - 180) : name;
    }
}
