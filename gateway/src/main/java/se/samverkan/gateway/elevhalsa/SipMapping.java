package se.samverkan.gateway.elevhalsa;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import se.samverkan.gateway.elevhalsa.xml.DatePeriod;
import se.samverkan.gateway.elevhalsa.xml.Participation;
import se.samverkan.gateway.elevhalsa.xml.Principal;
import se.samverkan.gateway.elevhalsa.xml.SipActivity;
import se.samverkan.gateway.elevhalsa.xml.SipGoal;
import se.samverkan.gateway.elevhalsa.xml.SipGuardian;
import se.samverkan.gateway.elevhalsa.xml.SipMeeting;
import se.samverkan.gateway.elevhalsa.xml.SipPlan;
import se.samverkan.gateway.fhir.Profiles;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * F7: one version of a SIP as a CarePlan with the child, the guardians, the care team and the goals contained.
 * The care team holds every principal (Organization by identifier, with its role) and the child and guardians
 * with their participation; each activity names its responsible principal; the SIP meeting is an activity
 * coded "SIP-möte". The plan is named by the exporting principal and its plan id, so every version of a plan
 * has the same id and record-id; the version and its time are meta.versionId and meta.lastUpdated.
 */
final class SipMapping {

    static final String MEETING = "SIP-möte";

    private SipMapping() {
    }

    static CarePlan map(RecordContext ctx) {
        SipPlan r = (SipPlan) ctx.record().content();
        PersonalIdentityNumber child = ctx.child(ctx.at("child"), r.getChild());
        LocalDate birth = ctx.date(ctx.at("child", "birthDate"), r.getChild().getBirthDate());
        DateTimeType updated = ctx.dateTime(ctx.at("updated"), r.getUpdated());
        String principal = FhirParts.id(ctx.header().getExportingPrincipal());

        CarePlan plan = new CarePlan();
        plan.setId(RecordContext.id(principal + "/" + r.getPlanId(), "careplan"));
        plan.getMeta().addProfile(Profiles.SIP_CAREPLAN);
        plan.getMeta().setVersionId(String.valueOf(r.getVersion()));
        plan.getMeta().setLastUpdatedElement(new InstantType(updated.getValueAsString()));
        plan.addIdentifier(FhirParts.recordId(principal, r.getPlanId()));
        plan.setStatus(CarePlan.CarePlanStatus.fromCode(r.getStatus().value()));
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.addCategory(new CodeableConcept(FhirParts.flow("F7")));
        plan.setTitle(r.getTitle());
        if (r.getDescription() != null) {
            plan.setDescription(r.getDescription());
        }
        plan.setSubject(new Reference(FhirParts.CHILD_REF));
        plan.setCreatedElement(new DateTimeType(ctx.date(ctx.at("created"), r.getCreated()).toString()));
        if (r.getPeriod() != null) {
            plan.setPeriod(period(ctx, ctx.at("period"), r.getPeriod()));
        }
        plan.addContained(FhirParts.child(r.getChild(), child, birth));
        FhirParts.protect(plan, r.getChild());

        CareTeam team = new CareTeam();
        team.setId("team");
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(FhirParts.CHILD_REF));
        participation(team.addParticipant().setMember(new Reference(FhirParts.CHILD_REF))
                .addRole(new CodeableConcept().setText("barnet")), r.getChildParticipation());
        List<SipGuardian> guardians = r.getGuardian();
        for (int i = 0; i < guardians.size(); i++) {
            RelatedPerson guardian = guardian(ctx, guardians.get(i), i, child);
            plan.addContained(guardian);
            participation(team.addParticipant().setMember(new Reference("#" + guardian.getIdElement().getIdPart()))
                    .addRole(new CodeableConcept().setText("vårdnadshavare")), guardians.get(i).getParticipation());
        }
        for (Principal p : r.getPrincipal()) {
            team.addParticipant().setMember(FhirParts.organisation(p)).addRole(new CodeableConcept().setText(p.getRole()));
        }
        plan.addContained(team);
        plan.addCareTeam(new Reference("#team"));

        List<SipGoal> goals = r.getGoal();
        for (int i = 0; i < goals.size(); i++) {
            Goal goal = goal(ctx, goals.get(i), i, r);
            plan.addContained(goal);
            plan.addGoal(new Reference("#" + goal.getIdElement().getIdPart()));
        }
        List<SipActivity> activities = r.getActivity();
        for (int i = 0; i < activities.size(); i++) {
            SipActivity a = activities.get(i);
            CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
            detail.setStatus(a.getStatus() == null ? CarePlan.CarePlanActivityStatus.SCHEDULED
                    : CarePlan.CarePlanActivityStatus.fromCode(a.getStatus().value()));
            detail.setDescription(a.getText());
            detail.addPerformer(FhirParts.organisation(a.getResponsible()));
            if (a.getPeriod() != null) {
                detail.setScheduled(period(ctx, ctx.at("activity[" + (i + 1) + "]", "period"), a.getPeriod()));
            }
        }
        if (r.getMeeting() != null) {
            meeting(ctx, plan, r.getMeeting(), updated.getValue());
        }
        return plan;
    }

    /** The meeting is scheduled until the plan's version says it has been held (its time before the update). */
    private static void meeting(RecordContext ctx, CarePlan plan, SipMeeting meeting, Date updated) {
        DateTimeType time = ctx.dateTime(ctx.at("meeting", "time"), meeting.getTime());
        CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
        detail.setCode(new CodeableConcept().setText(MEETING));
        detail.setStatus(time.getValue().after(updated) ? CarePlan.CarePlanActivityStatus.SCHEDULED
                : CarePlan.CarePlanActivityStatus.COMPLETED);
        detail.setScheduled(new Period().setStartElement(time));
        detail.addPerformer(FhirParts.organisation(meeting.getConvenedBy()));
    }

    private static void participation(CareTeam.CareTeamParticipantComponent participant, Participation value) {
        participant.addExtension(Systems.SIP_PARTICIPATION_EXT, FhirParts.code(value.value()));
    }

    private static Period period(RecordContext ctx, String path, DatePeriod p) {
        LocalDate start = ctx.date(path + "/start", p.getStart());
        LocalDate end = p.getEnd() == null ? null : ctx.date(path + "/end", p.getEnd());
        ctx.ordered(path + "/start", path + "/end", start, end);
        Period period = new Period().setStartElement(new DateTimeType(start.toString()));
        if (end != null) {
            period.setEndElement(new DateTimeType(end.toString()));
        }
        return period;
    }

    private static RelatedPerson guardian(RecordContext ctx, SipGuardian g, int n, PersonalIdentityNumber child) {
        PersonalIdentityNumber id = ctx.identity(ctx.at("guardian[" + (n + 1) + "]", "personalIdentityNumber"),
                g.getPersonalIdentityNumber());
        RelatedPerson rp = new RelatedPerson();
        rp.setId("guardian-" + (n + 1));
        rp.addIdentifier(FhirParts.person(id));
        rp.setActive(g.isCustody());
        rp.setPatient(new Reference(FhirParts.CHILD_REF).setType("Patient").setIdentifier(FhirParts.person(child)));
        rp.addRelationship(new CodeableConcept(new Coding(FhirParts.V3_ROLE, "GUARD", "guardian")));
        if (g.getName() != null) {
            rp.addName(FhirParts.name(g.getName()));
        }
        return rp;
    }

    private static Goal goal(RecordContext ctx, SipGoal g, int n, SipPlan plan) {
        Goal goal = new Goal();
        goal.setId("goal-" + (n + 1));
        goal.setLifecycleStatus(switch (plan.getStatus()) {
            case COMPLETED -> Goal.GoalLifecycleStatus.COMPLETED;
            case REVOKED -> Goal.GoalLifecycleStatus.CANCELLED;
            case ON_HOLD -> Goal.GoalLifecycleStatus.ONHOLD;
            default -> Goal.GoalLifecycleStatus.ACTIVE;
        });
        goal.setDescription(new CodeableConcept().setText(g.getText()));
        goal.setSubject(new Reference(FhirParts.CHILD_REF));
        if (g.getDueDate() != null) {
            goal.addTarget().setDue(new DateType(ctx.date(ctx.at("goal[" + (n + 1) + "]", "dueDate"), g.getDueDate())
                    .toString()));
        }
        return goal;
    }
}
