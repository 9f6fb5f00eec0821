package se.samverkan.gateway.access;

import java.util.List;

/** The interceptors that decide who may see and change what on the FHIR face, in the order they are registered. */
public record FhirAccess(List<Object> interceptors) {
}
