package se.samverkan.gateway.delivery;

import java.time.Duration;

/**
 * Who holds an outbox row while it is being sent, and for how long: the instance (stable across restarts,
 * so a restarted gateway can take back what its killed predecessor held) and this process's incarnation.
 */
public record Claim(String instance, String owner, Duration lease) {
}
