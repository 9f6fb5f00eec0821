package se.samverkan.gateway.cooperation;

import java.time.LocalDate;
import java.util.Date;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/** Communications and SIP CarePlans as participants send them (profiles/README.md, flows F2-F7). Made-up data. */
final class Items {

    static final String SURNAME = "Testsson";

    private Items() {
    }

    static Patient child(PersonalIdentityNumber id, String municipality) {
        Patient patient = new Patient();
        patient.setId("child");
        patient.addIdentifier(new Identifier().setSystem(Systems.identitySystem(id)).setValue(id.value()));
        patient.addName(new HumanName().setFamily(SURNAME).addGiven("Alva"));
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new DateType(id.birthDate().toString()));
        if (municipality != null) {
            patient.addExtension(Systems.REGISTRATION_MUNICIPALITY_EXT,
                    new Coding(Systems.KOMMUNKOD, municipality, null));
        }
        return patient;
    }

    static Communication communication(String flow, String recordId, PersonalIdentityNumber child,
                                       OrganisationId sender, OrganisationId... recipients) {
        Communication c = new Communication();
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addIdentifier(new Identifier().setSystem(Systems.RECORD_ID).setValue(sender.value() + "/" + recordId));
        c.addCategory(new CodeableConcept(new Coding(Systems.FLOW, flow, null)));
        c.setSent(new Date());
        c.setSender(organisation(sender));
        for (OrganisationId recipient : recipients) {
            c.addRecipient(organisation(recipient));
        }
        if (child != null) {
            c.addContained(child(child, se.samverkan.gateway.support.GatewayIntegrationTest.INTAKE_MUNICIPALITY));
            c.setSubject(new Reference("#child"));
        }
        return c;
    }

    static Communication text(Communication c, String text, DataCategory category) {
        Communication.CommunicationPayloadComponent payload = c.addPayload().setContent(new StringType(text));
        if (category != null) {
            payload.addExtension(Systems.DATA_CATEGORY_EXT, new CodeType(category.code()));
        }
        return c;
    }

    static Communication deIdentified(Communication c, String text) {
        c.addPayload().setContent(new StringType(text)).addExtension(Systems.DE_IDENTIFIED_EXT, new BooleanType(true));
        return c;
    }

    static Communication phase(Communication c, String phase) {
        c.addExtension(Systems.CASE_PHASE_EXT, new CodeType(phase));
        return c;
    }

    static Communication flag(Communication c, String flag) {
        c.getCategoryFirstRep().addCoding(new Coding(Systems.FLAG, flag, null));
        return c;
    }

    /** A consultation as the sender marks it anonymous: a child of some gender and birth year, nothing else. */
    static Communication anonymousConsultation(String recordId, OrganisationId sender, OrganisationId... recipients) {
        Communication c = communication("F6", recordId, null, sender, recipients);
        c.getIdentifier().clear();
        c.getMeta().addProfile(se.samverkan.gateway.fhir.Profiles.ANONYMOUS_CONSULTATION);
        Patient child = new Patient();
        child.setId("child");
        child.setGender(Enumerations.AdministrativeGender.MALE);
        child.setBirthDateElement(new DateType("2016"));
        c.addContained(child);
        deIdentified(c, "Avidentifierat: en elev med stor skolfrånvaro; vilket stöd finns? (syntetisk testtext)");
        c.addPayload().setContent(new Reference("#child"));
        return c;
    }

    static CarePlan sip(String planId, PersonalIdentityNumber child, OrganisationId author,
                        OrganisationId... principals) {
        CarePlan plan = new CarePlan();
        plan.addIdentifier(new Identifier().setSystem(Systems.RECORD_ID).setValue(author.value() + "/" + planId));
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.addCategory(new CodeableConcept(new Coding(Systems.FLOW, "F7", null)));
        plan.setTitle("SIP (syntetisk)");
        plan.addContained(child(child, se.samverkan.gateway.support.GatewayIntegrationTest.INTAKE_MUNICIPALITY));
        plan.setSubject(new Reference("#child"));
        plan.setAuthor(organisation(author));
        CareTeam team = new CareTeam();
        team.setId("team");
        team.addParticipant().setMember(organisation(author));
        for (OrganisationId principal : principals) {
            team.addParticipant().setMember(organisation(principal));
        }
        plan.addContained(team);
        plan.addCareTeam(new Reference("#team"));
        Goal goal = new Goal();
        goal.setId("goal-1");
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.setDescription(new CodeableConcept().setText("Närvaro i skolan varje dag"));
        goal.setSubject(new Reference("#child"));
        goal.addTarget().setDue(new DateType(LocalDate.of(2027, 6, 1).toString()));
        plan.addContained(goal);
        plan.addGoal(new Reference("#goal-1"));
        for (OrganisationId principal : principals) {
            plan.addActivity().getDetail().setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED)
                    .setDescription("Insats (syntetisk)").addPerformer(organisation(principal));
        }
        return plan;
    }

    static Reference organisation(OrganisationId id) {
        return new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(id.system()).setValue(id.value()));
    }
}
