package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Profiles;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.validation.CodeDisplays;

/**
 * The payload one recipient gets: a transaction Bundle of the one resource, cut to what the decision allows.
 * The sender's resource is never changed: each recipient's payload starts from a copy. A Communication goes to
 * one recipient only (it names that recipient alone, so no recipient learns who else was told), stripped of the
 * payload parts whose data category the decision does not permit (C11), and anonymised when the decision says
 * so (C7). A SIP goes whole to every principal in it, as a conditional update of the plan.
 */
class Payloads {

    private final FhirContext fhir;
    private final Anonymiser anonymiser;

    /** Every payload names the profile it conforms to, so it is validated against it, and so is the receiver's copy. */
    private static void profile(DomainResource resource, String url) {
        if (!resource.getMeta().hasProfile(url)) {
            resource.getMeta().addProfile(url);
        }
    }

    Payloads(FhirContext fhir, Anonymiser anonymiser) {
        this.fhir = fhir;
        this.anonymiser = anonymiser;
    }

    /** The delivery id: the same item, recipient and content always give the same id (a repeat is not sent twice). */
    static UUID deliveryId(Submission s, OrganisationId recipient, String contentDigest) {
        String name = s.flow() + "|" + s.recordKey() + "|" + recipient.system() + "|" + recipient.value() + "|"
                + contentDigest;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param permitted   the data categories the decision permits
     * @param anonymise   send the anonymised form (C7)
     * @return the payload, or null when nothing is left to send
     */
    Built build(Submission s, OrganisationId recipient, UUID deliveryId, Set<DataCategory> permitted,
                boolean anonymise, Date now) {
        DomainResource resource;
        Set<DataCategory> stripped = EnumSet.noneOf(DataCategory.class);
        boolean anonymous = s.anonymous() || anonymise;
        if (s.resource() instanceof Communication original) {
            Communication c = anonymise && !s.anonymous() ? anonymiser.anonymise(original) : original.copy();
            // C11: every part goes by its data category, whatever carries it (text, attachment, reference)
            List<Communication.CommunicationPayloadComponent> kept = c.getPayload().stream()
                    .filter(p -> {
                        // read (and checked) by SubmissionReader before: the same rule, so no unknown code reaches here
                        DataCategory category = SubmissionReader.category(p, "payload");
                        boolean allowed = permitted.contains(category);
                        if (!allowed) {
                            stripped.add(category);
                        }
                        return allowed;
                    }).toList();
            if (kept.isEmpty()) {
                return new Built(null, stripped, anonymous);
            }
            Unclassified.strip(c, kept, permitted, fhir);
            c.setRecipient(new java.util.ArrayList<>(List.of(recipient.reference())));
            if (!anonymous) {
                if (c.getIdentifier().stream().noneMatch(i -> Systems.RECORD_ID.equals(i.getSystem()))) {
                    c.addIdentifier(new Identifier().setSystem(Systems.RECORD_ID).setValue(s.recordKey()));
                }
                c.addIdentifier(new Identifier().setSystem(Systems.DELIVERY_ID).setValue(deliveryId.toString()));
            }
            publishedFlowDisplays(c.getCategory());
            profile(c, anonymous ? Profiles.ANONYMOUS_CONSULTATION : "F5".equals(s.flow()) ? Profiles.REPORT_OF_CONCERN
                    : Profiles.COOPERATION_COMMUNICATION);
            resource = c;
        } else {
            resource = ((CarePlan) s.resource()).copy();
            publishedFlowDisplays(((CarePlan) resource).getCategory());
            profile(resource, Profiles.SIP_CAREPLAN);
        }
        resource.setId(UUID.nameUUIDFromBytes(("resource|" + deliveryId).getBytes(StandardCharsets.UTF_8))
                .toString());
        return new Built(bundle(s, resource, deliveryId, anonymous, now), stripped, anonymous);
    }

    /** A flow coding goes out with its CodeSystem's display, whatever display the sender wrote (issue 17). */
    private static void publishedFlowDisplays(List<org.hl7.fhir.r4.model.CodeableConcept> categories) {
        categories.forEach(category -> category.getCoding().stream().filter(c -> Systems.FLOW.equals(c.getSystem()))
                .forEach(c -> CodeDisplays.find(Systems.FLOW, c.getCode()).ifPresent(c::setDisplay)));
    }

    private Bundle bundle(Submission s, DomainResource resource, UUID deliveryId, boolean anonymous, Date now) {
        Bundle bundle = new Bundle();
        bundle.setId(deliveryId.toString());
        bundle.setType(Bundle.BundleType.TRANSACTION);
        bundle.setIdentifier(new Identifier().setSystem(Systems.DELIVERY_ID).setValue(deliveryId.toString()));
        bundle.setTimestamp(now);
        Bundle.BundleEntryComponent entry = bundle.addEntry()
                .setFullUrl("urn:uuid:" + resource.getIdElement().getIdPart())
                .setResource(resource);
        if (resource instanceof CarePlan) {
            // a SIP is one plan that changes: each version replaces the last at the recipient
            entry.getRequest().setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl("CarePlan?identifier=" + Systems.RECORD_ID + "|" + s.planKey());
        } else if (anonymous) {
            entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Communication");
        } else {
            entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Communication")
                    .setIfNoneExist("identifier=" + Systems.DELIVERY_ID + "|" + deliveryId);
        }
        return bundle;
    }

    String json(Bundle bundle) {
        return fhir.newJsonParser().encodeResourceToString(bundle);
    }

    /** @param bundle null when the decision left nothing to send */
    record Built(Bundle bundle, Set<DataCategory> stripped, boolean anonymous) {
    }
}
