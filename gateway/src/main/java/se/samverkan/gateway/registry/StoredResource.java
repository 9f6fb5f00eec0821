package se.samverkan.gateway.registry;

import java.time.Instant;

/** One version of a stored resource, as JSON. */
public record StoredResource(String type, String id, int version, Instant updated, String body) {
}
