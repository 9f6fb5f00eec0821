package se.samverkan.gateway.fhir;

/** Marks a plain provider of server-level operations ($consent-decision, ...) for the FHIR face. */
public interface FhirOperation {
}
