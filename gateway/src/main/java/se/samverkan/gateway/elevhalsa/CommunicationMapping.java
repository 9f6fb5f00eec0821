package se.samverkan.gateway.elevhalsa;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import se.samverkan.gateway.elevhalsa.xml.AnonymousChild;
import se.samverkan.gateway.elevhalsa.xml.AttachedDocument;
import se.samverkan.gateway.elevhalsa.xml.Child;
import se.samverkan.gateway.elevhalsa.xml.CommunicationRecord;
import se.samverkan.gateway.elevhalsa.xml.Consultation;
import se.samverkan.gateway.elevhalsa.xml.Feedback;
import se.samverkan.gateway.elevhalsa.xml.Flag;
import se.samverkan.gateway.elevhalsa.xml.InformationExchange;
import se.samverkan.gateway.elevhalsa.xml.Referral;
import se.samverkan.gateway.elevhalsa.xml.ReportOfConcern;
import se.samverkan.gateway.elevhalsa.xml.TextPart;
import se.samverkan.gateway.fhir.Profiles;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * Flows F2-F6: one Communication per record, from its sender to its recipients, about the child it contains
 * (or, for an anonymous consultation, about an anonymised child with gender and birth year at most).
 */
final class CommunicationMapping {

    private CommunicationMapping() {
    }

    static Communication map(RecordContext ctx) {
        return switch (ctx.record().kind()) {
            case REFERRAL -> referral(ctx, (Referral) ctx.record().content());
            case FEEDBACK -> feedback(ctx, (Feedback) ctx.record().content());
            case INFORMATION_EXCHANGE -> informationExchange(ctx, (InformationExchange) ctx.record().content());
            case REPORT_OF_CONCERN -> reportOfConcern(ctx, (ReportOfConcern) ctx.record().content());
            case CONSULTATION -> consultation(ctx, (Consultation) ctx.record().content());
            default -> throw new IllegalArgumentException("not a Communication record: " + ctx.record().kind());
        };
    }

    private static Communication referral(RecordContext ctx, Referral r) {
        Communication c = identified(ctx, r, Profiles.COOPERATION_COMMUNICATION, r.getChild(), r.getFlag());
        c.addRecipient(FhirParts.organisation(r.getRecipient()));
        c.addReasonCode(new CodeableConcept().setText(r.getReason()));
        texts(c, r.getText());
        for (AttachedDocument document : r.getAttachment()) {
            Communication.CommunicationPayloadComponent payload = c.addPayload().setContent(new Attachment()
                    .setContentType(document.getContentType())
                    .setTitle(document.getTitle())
                    .setData(document.getData()));
            category(payload, document.getDataCategory());
        }
        return c;
    }

    private static Communication feedback(RecordContext ctx, Feedback r) {
        Communication c = identified(ctx, r, Profiles.COOPERATION_COMMUNICATION, r.getChild(), r.getFlag());
        c.addRecipient(FhirParts.organisation(r.getRecipient()));
        c.addInResponseTo(new Reference().setType("Communication").setIdentifier(
                FhirParts.recordId(FhirParts.id(r.getInResponseTo().getSender()), r.getInResponseTo().getRecordId())));
        texts(c, r.getText());
        return c;
    }

    private static Communication informationExchange(RecordContext ctx, InformationExchange r) {
        Communication c = identified(ctx, r, Profiles.COOPERATION_COMMUNICATION, r.getChild(), r.getFlag());
        c.addExtension(Systems.CASE_PHASE_EXT, FhirParts.code(r.getCasePhase().value()));
        c.addRecipient(FhirParts.organisation(r.getRecipient()));
        topic(c, r.getTopic());
        texts(c, r.getText());
        return c;
    }

    private static Communication reportOfConcern(RecordContext ctx, ReportOfConcern r) {
        String kommun = r.getChild().getRegistrationMunicipality();
        if (r.getRecipient() == null && kommun == null) {
            throw ctx.refuse("GW-1113", ctx.at("child", "registrationMunicipality"),
                    "a report of concern without a recipient goes to the intake unit of the child's registration"
                            + " municipality, which must then be given (rule C8)");
        }
        Communication c = identified(ctx, r, Profiles.REPORT_OF_CONCERN, r.getChild(), r.getFlag());
        c.addRecipient(r.getRecipient() != null ? FhirParts.organisation(r.getRecipient())
                : FhirParts.municipality(kommun));
        texts(c, r.getText());
        return c;
    }

    private static Communication consultation(RecordContext ctx, Consultation r) {
        if (!r.isAnonymous()) {
            if (r.getChild() == null) {
                throw ctx.refuse("GW-1113", ctx.at("anonymousChild"), "an identified consultation names the child"
                        + " (child); one that is to go anonymised is marked anonymous=\"true\"");
            }
            Communication c = identified(ctx, r, Profiles.COOPERATION_COMMUNICATION, r.getChild(), r.getFlag());
            r.getRecipient().forEach(p -> c.addRecipient(FhirParts.organisation(p)));
            topic(c, r.getTopic());
            texts(c, r.getText());
            return c;
        }
        anonymous(ctx, r);
        Communication c = common(ctx, r, Profiles.ANONYMOUS_CONSULTATION, r.getFlag());
        r.getRecipient().forEach(p -> c.addRecipient(FhirParts.organisation(p)));
        texts(c, r.getText());
        AnonymousChild child = r.getAnonymousChild();
        if (child.getGender() != null || child.getBirthYear() != null) {
            Patient patient = new Patient();
            patient.setId(FhirParts.CHILD);
            if (child.getGender() != null) {
                patient.setGender(Enumerations.AdministrativeGender.fromCode(child.getGender().value()));
            }
            if (child.getBirthYear() != null) {
                patient.getBirthDateElement().setValueAsString(
                        String.valueOf(ctx.year(ctx.at("anonymousChild", "birthYear"), child.getBirthYear())));
            }
            c.addContained(patient);
            c.addPayload().setContent(new Reference(FhirParts.CHILD_REF));
        }
        return c;
    }

    /** Rule C7: an anonymous consultation carries nothing that identifies the child; each field is named. */
    private static void anonymous(RecordContext ctx, Consultation r) {
        if (r.getChild() != null) {
            throw ctx.refuse("GW-1110", ctx.at("child"), "an anonymous consultation names no child: only"
                    + " anonymousChild, with gender and birth year at most");
        }
        AnonymousChild child = r.getAnonymousChild();
        String why = "an anonymous consultation carries no ";
        if (child.getPersonalIdentityNumber() != null) {
            throw ctx.refuse("GW-1110", ctx.at("anonymousChild", "personalIdentityNumber"), why + "identity number");
        }
        if (child.getName() != null) {
            throw ctx.refuse("GW-1110", ctx.at("anonymousChild", "name"), why + "name");
        }
        if (child.getAddress() != null) {
            throw ctx.refuse("GW-1110", ctx.at("anonymousChild", "address"), why + "address");
        }
        if (child.getBirthDate() != null) {
            throw ctx.refuse("GW-1110", ctx.at("anonymousChild", "birthDate"),
                    why + "exact birth date: the birth year at most (birthYear)");
        }
        if (child.getRegistrationMunicipality() != null) {
            throw ctx.refuse("GW-1110", ctx.at("anonymousChild", "registrationMunicipality"),
                    why + "registration municipality");
        }
        if (r.getTopic() != null) {
            throw ctx.refuse("GW-1110", ctx.at("topic"),
                    why + "free text that is not marked de-identified (text with deIdentified=\"true\")");
        }
        List<TextPart> texts = r.getText();
        for (int i = 0; i < texts.size(); i++) {
            if (!texts.get(i).isDeIdentified()) {
                throw ctx.refuse("GW-1110", ctx.at("text[" + (i + 1) + "]", "@deIdentified"),
                        why + "free text that is not marked de-identified");
            }
        }
    }

    /** A Communication about a named child: the record's id, the contained child, the subject. */
    private static Communication identified(RecordContext ctx, CommunicationRecord r, String profile, Child child,
                                            List<Flag> flags) {
        PersonalIdentityNumber id = ctx.child(ctx.at("child"), child);
        LocalDate birth = ctx.date(ctx.at("child", "birthDate"), child.getBirthDate());
        Communication c = common(ctx, r, profile, flags);
        c.addIdentifier(FhirParts.recordId(FhirParts.id(r.getSender()), r.getRecordId()));
        c.addContained(FhirParts.child(child, id, birth));
        FhirParts.protect(c, child);
        c.setSubject(new Reference(FhirParts.CHILD_REF));
        return c;
    }

    private static Communication common(RecordContext ctx, CommunicationRecord r, String profile, List<Flag> flags) {
        Communication c = new Communication();
        c.setId(RecordContext.id(FhirParts.id(r.getSender()) + "/" + r.getRecordId(), "communication"));
        c.getMeta().addProfile(profile);
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addCategory(new CodeableConcept(FhirParts.flow(ctx.record().flow())));
        flags.forEach(flag -> c.addCategory(FhirParts.flag(flag.value())));
        c.setSentElement(ctx.dateTime(ctx.at("sent"), r.getSent()));
        c.setSender(FhirParts.organisation(r.getSender()));
        return c;
    }

    private static void topic(Communication c, String topic) {
        if (topic != null) {
            c.setTopic(new CodeableConcept().setText(topic));
        }
    }

    private static void texts(Communication c, List<TextPart> texts) {
        for (TextPart text : texts) {
            Communication.CommunicationPayloadComponent payload = c.addPayload().setContent(new StringType(text.getValue()));
            category(payload, text.getDataCategory());
            if (text.isDeIdentified()) {
                payload.addExtension(Systems.DE_IDENTIFIED_EXT, new BooleanType(true));
            }
        }
    }

    private static void category(Communication.CommunicationPayloadComponent payload,
                                 se.samverkan.gateway.elevhalsa.xml.DataCategory category) {
        if (category != null) {
            payload.addExtension(Systems.DATA_CATEGORY_EXT, FhirParts.code(category.value()));
        }
    }
}
