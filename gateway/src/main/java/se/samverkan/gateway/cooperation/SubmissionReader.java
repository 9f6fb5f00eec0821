package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.DecisionRequest.CasePhase;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Profiles;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * Reads what to route from a Communication (F2-F6, F7 notices) or a SIP CarePlan (F7), as the contract in
 * profiles/README.md describes them. It refuses, naming the field, what it cannot route.
 *
 * <table>
 * <caption>Codes of refused items</caption>
 * <tr><td>GW-4201</td><td>not a Communication or CarePlan of a flow F2-F7</td></tr>
 * <tr><td>GW-4202</td><td>no sender, or a sender that is not an organisation by identifier</td></tr>
 * <tr><td>GW-4203</td><td>no recipient, or a recipient that is not an organisation by identifier</td></tr>
 * <tr><td>GW-4204</td><td>no child, or a child without a valid personnummer or samordningsnummer</td></tr>
 * <tr><td>GW-4205</td><td>marked anonymous, yet carries what identifies the child (C7)</td></tr>
 * <tr><td>GW-4207</td><td>an unknown case phase, concern flag or data category</td></tr>
 * </table>
 */
public class SubmissionReader {

    static final String SECURITY_LABELS = "http://hl7.se/fhir/ig/base/CodeSystem/SecurityLabel";
    static final Set<String> PROTECTED = Set.of("sekretessmarkering", "skyddadFolkbokforing");
    private static final Set<String> FLOWS = Set.of("F2", "F3", "F4", "F5", "F6", "F7");

    private final FhirContext fhir;
    private final IdentifyingContent identifying;

    public SubmissionReader(FhirContext fhir, IdentifyingContent identifying) {
        this.fhir = fhir;
        this.identifying = identifying;
    }

    /**
     * @param fallbackSender who sends it when the resource does not say (a CarePlan without author: the
     *                       caller, or the batch's exporting unit)
     */
    public Submission read(Resource resource, Optional<OrganisationId> fallbackSender) {
        if (resource instanceof Communication communication) {
            return communication(communication, fallbackSender);
        }
        if (resource instanceof CarePlan plan) {
            return plan(plan, fallbackSender);
        }
        throw new SubmissionRefused("GW-4201", resource == null ? "(none)" : resource.fhirType(),
                "only a Communication or a SIP CarePlan can be routed here");
    }

    private Submission communication(Communication c, Optional<OrganisationId> fallbackSender) {
        String flow = flow(c.getCategory(), "Communication.category");
        if ("F7".equals(flow) && c.getRecipient().isEmpty()) {
            throw new SubmissionRefused("GW-4203", "Communication.recipient", "a SIP notice names its recipients");
        }
        OrganisationId sender = organisation(c.getSender(), "Communication.sender", "GW-4202")
                .or(() -> fallbackSender)
                .orElseThrow(() -> new SubmissionRefused("GW-4202", "Communication.sender", "no sender"));
        boolean anonymous = c.getMeta().hasProfile(Profiles.ANONYMOUS_CONSULTATION) || ("F6".equals(flow) && !c.hasSubject());
        Optional<Submission.Child> child;
        if (anonymous) {
            identifying.find(c).stream().findFirst().ifPresent(finding -> {
                throw new SubmissionRefused("GW-4205", finding.path(), "marked anonymous, yet carries "
                        + finding.kind() + " (C7): anonymise it, or send it as an identified consultation");
            });
            child = Optional.empty();
        } else {
            child = Optional.of(child(c, c.getSubject(), "Communication.subject"));
        }
        List<OrganisationId> recipients = new ArrayList<>();
        for (int i = 0; i < c.getRecipient().size(); i++) {
            String field = "Communication.recipient[" + i + "]";
            recipients.add(organisation(c.getRecipient().get(i), field, "GW-4203").orElseThrow(
                    () -> new SubmissionRefused("GW-4203", field, "a recipient is an organisation by identifier")));
        }
        if (recipients.isEmpty() && "F5".equals(flow)) {
            // C8: the intake unit of the municipality the child is registered in
            child.map(Submission.Child::municipality).map(OrganisationId::kommunkod).ifPresent(recipients::add);
        } else if (recipients.isEmpty()) {
            throw new SubmissionRefused("GW-4203", "Communication.recipient", "no recipient");
        }
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        for (int i = 0; i < c.getPayload().size(); i++) {
            categories.add(category(c.getPayload().get(i), "Communication.payload[" + i + "]"));
        }
        return new Submission(flow, c, sender, recipients, child, phase(c), flags(c.getCategory()), categories,
                anonymous, recordKey(c.getIdentifier(), c), null);
    }

    private Submission plan(CarePlan plan, Optional<OrganisationId> fallbackSender) {
        flowIs(plan.getCategory(), "F7", "CarePlan.category");
        OrganisationId sender = organisation(plan.getAuthor(), "CarePlan.author", "GW-4202").or(() -> fallbackSender)
                .orElseThrow(() -> new SubmissionRefused("GW-4202", "CarePlan.author", "no sender"));
        Submission.Child child = child(plan, plan.getSubject(), "CarePlan.subject");
        Set<OrganisationId> participants = new LinkedHashSet<>();
        CareTeam team = plan.getContained().stream().filter(CareTeam.class::isInstance).map(CareTeam.class::cast)
                .findFirst().orElseThrow(() -> new SubmissionRefused("GW-4203", "CarePlan.careTeam",
                        "a SIP names its principals in a contained CareTeam"));
        for (int i = 0; i < team.getParticipant().size(); i++) {
            Reference member = team.getParticipant().get(i).getMember();
            if (member.hasIdentifier() && !member.getReferenceElement().isLocal()) {
                String field = "CarePlan.contained[CareTeam].participant[" + i + "].member";
                organisation(member, field, "GW-4203").ifPresent(participants::add);
            }
        }
        for (int i = 0; i < plan.getActivity().size(); i++) {
            List<Reference> performers = plan.getActivity().get(i).getDetail().getPerformer();
            for (int j = 0; j < performers.size(); j++) {
                String field = "CarePlan.activity[" + i + "].detail.performer[" + j + "]";
                participants.add(organisation(performers.get(j), field, "GW-4203").orElseThrow(
                        () -> new SubmissionRefused("GW-4203", field, "a responsible principal is an organisation")));
            }
        }
        participants.remove(sender);
        String key = recordKey(plan.getIdentifier(), plan);
        return new Submission("F7", plan, sender, List.copyOf(participants), Optional.of(child), null, Set.of(),
                EnumSet.of(DataCategory.SUMMARY), false, key, key);
    }

    /** Every organisation of a SIP, the sender included: who the plan's newest version is shared among. */
    static Set<OrganisationId> planMembers(Submission s) {
        Set<OrganisationId> members = new LinkedHashSet<>(s.recipients());
        members.add(s.sender());
        return members;
    }

    private static String flow(List<CodeableConcept> categories, String field) {
        List<String> flows = categories.stream().flatMap(c -> c.getCoding().stream())
                .filter(c -> Systems.FLOW.equals(c.getSystem())).map(Coding::getCode).distinct().toList();
        if (flows.size() != 1 || !FLOWS.contains(flows.get(0))) {
            throw new SubmissionRefused("GW-4201", field, "names one flow of F2-F7 (CodeSystem flow); found "
                    + (flows.isEmpty() ? "none" : flows));
        }
        return flows.get(0);
    }

    private static void flowIs(List<CodeableConcept> categories, String expected, String field) {
        if (!expected.equals(flow(categories, field))) {
            throw new SubmissionRefused("GW-4201", field, "a CarePlan is routed as a SIP (F7) only");
        }
    }

    private static Set<String> flags(List<CodeableConcept> categories) {
        Set<String> flags = new TreeSet<>();
        for (int i = 0; i < categories.size(); i++) {
            for (Coding coding : categories.get(i).getCoding()) {
                if (Systems.FLAG.equals(coding.getSystem())) {
                    if (!ConcernFlags.CODES.contains(coding.getCode())) {
                        throw new SubmissionRefused("GW-4207", "category[" + i + "]", "not a concern flag code");
                    }
                    flags.add(coding.getCode());
                }
            }
        }
        return flags;
    }

    private static CasePhase phase(DomainResource resource) {
        Extension extension = resource.getExtensionByUrl(Systems.CASE_PHASE_EXT);
        if (extension == null) {
            return null;
        }
        return CasePhase.fromCode(extension.getValue() == null ? null : extension.getValue().primitiveValue())
                .orElseThrow(() -> new SubmissionRefused("GW-4207", resource.fhirType() + ".extension[case-phase]",
                        "not a case phase (voluntary, report, investigation)"));
    }

    static DataCategory category(Communication.CommunicationPayloadComponent payload, String field) {
        Extension extension = payload.getExtensionByUrl(Systems.DATA_CATEGORY_EXT);
        if (extension == null) {
            return DataCategory.SUMMARY;
        }
        String code = extension.getValue() == null ? null : extension.getValue().primitiveValue();
        return DataCategory.fromCode(code).orElseThrow(() -> new SubmissionRefused("GW-4207",
                field + ".extension[data-category]", "not a data category"));
    }

    static Optional<OrganisationId> organisation(Reference reference, String field, String code) {
        if (reference == null || reference.isEmpty()) {
            return Optional.empty();
        }
        Identifier identifier = reference.getIdentifier();
        if (!identifier.hasSystem() || !identifier.hasValue() || Systems.isIdentitySystem(identifier.getSystem())) {
            throw new SubmissionRefused(code, field + ".identifier",
                    "an organisation is named by HSA-id, organisationsnummer, skolenhetskod or kommunkod");
        }
        return Optional.of(OrganisationId.of(identifier.getSystem(), identifier.getValue()));
    }

    private static Submission.Child child(DomainResource resource, Reference subject, String field) {
        Patient patient = null;
        Identifier identifier = subject.getIdentifier();
        if (subject.getReferenceElement().isLocal()) {
            String id = subject.getReference().substring(1);
            patient = resource.getContained().stream().filter(Patient.class::isInstance).map(Patient.class::cast)
                    .filter(p -> id.equals(p.getIdElement().getIdPart())).findFirst()
                    .orElseThrow(() -> new SubmissionRefused("GW-4204", field, "refers to no contained Patient"));
            identifier = patient.getIdentifier().stream().filter(i -> Systems.isIdentitySystem(i.getSystem()))
                    .findFirst().orElse(null);
        }
        if (identifier == null || !Systems.isIdentitySystem(identifier.getSystem())) {
            throw new SubmissionRefused("GW-4204", field, "the child is named by personnummer or samordningsnummer");
        }
        String problem = PersonalIdentityNumber.problem(identifier.getValue());
        if (problem != null) {
            throw new SubmissionRefused("GW-4204", field + ".identifier", problem);
        }
        // the label is on the container (a contained resource has its container's labels), or on the Patient
        boolean protectedIdentity = protectedLabel(resource.getMeta().getSecurity())
                || patient != null && protectedLabel(patient.getMeta().getSecurity());
        String municipality = patient == null ? null : Optional.ofNullable(
                        patient.getExtensionByUrl(Systems.REGISTRATION_MUNICIPALITY_EXT))
                .map(e -> e.getValue() instanceof Coding coding ? coding.getCode() : null).orElse(null);
        return new Submission.Child(PersonalIdentityNumber.parse(identifier.getValue()), protectedIdentity,
                municipality);
    }

    private static boolean protectedLabel(List<Coding> labels) {
        return labels.stream().anyMatch(s -> SECURITY_LABELS.equals(s.getSystem()) && PROTECTED.contains(s.getCode()));
    }

    private String recordKey(List<Identifier> identifiers, DomainResource resource) {
        return identifiers.stream().filter(i -> Systems.RECORD_ID.equals(i.getSystem()) && i.hasValue())
                .map(Identifier::getValue).findFirst()
                .orElseGet(() -> "sha256:" + digest(fhir.newJsonParser().encodeResourceToString(resource)).substring(0, 32));
    }

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
