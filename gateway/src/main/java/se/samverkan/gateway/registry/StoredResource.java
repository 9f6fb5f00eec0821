package se.samverkan.gateway.registry;

import java.time.Instant;

/**
 * One version of a stored resource, as JSON, with the participant that recorded the resource (null for one
 * recorded before the gateway kept it: then only the gateway and operators change it).
 */
public record StoredResource(String type, String id, int version, Instant updated, String body, String recordedBy) {

    /** The key under which a parsed resource carries {@link #recordedBy} in its user data. */
    public static final String RECORDED_BY = "samverkan.recorded-by";

    /** The resource, carrying who recorded it in its user data (where the access policy reads it). */
    public <T extends org.hl7.fhir.r4.model.Resource> T parse(ca.uhn.fhir.parser.IParser parser, Class<T> type) {
        T resource = parser.parseResource(type, body);
        resource.setUserData(RECORDED_BY, recordedBy);
        return resource;
    }
}
