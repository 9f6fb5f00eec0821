package se.samverkan.gateway.consent;

import java.time.Instant;

/**
 * What a consent's provisions are held against: the parties, the flow (its purposes), the moment, and how
 * identifiers of organisations are told apart ({@link Parties}).
 */
record Ask(OrganisationId source, OrganisationId recipient, FlowRule flow, Instant now, CategoryCodes codes,
           Parties parties) {
}
