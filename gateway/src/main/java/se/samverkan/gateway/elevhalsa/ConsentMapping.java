package se.samverkan.gateway.elevhalsa;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.elevhalsa.xml.ConsentFlow;
import se.samverkan.gateway.elevhalsa.xml.ConsentRecord;
import se.samverkan.gateway.elevhalsa.xml.DataCategory;
import se.samverkan.gateway.elevhalsa.xml.Guardian;
import se.samverkan.gateway.elevhalsa.xml.Party;
import se.samverkan.gateway.fhir.Profiles;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * A consent given to the school (sekretesslättnad): a RelatedPerson for each guardian it names (active =
 * custody, rule C4), then the Consent, shaped as the BHV transfer's consents are: performer the guardians or
 * the student, the source as custodian (CST) and each recipient (IRCP) as actors, the flow as purpose, the
 * data categories if it restricts them, the case phase for F4 (rule C6); inactive once withdrawn (C5).
 */
final class ConsentMapping {

    private static final String V3_ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final String V3_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    private ConsentMapping() {
    }

    static List<Resource> map(RecordContext ctx) {
        ConsentRecord r = (ConsentRecord) ctx.record().content();
        PersonalIdentityNumber child = ctx.child(ctx.at("child"), r.getChild());
        DateTimeType given = ctx.dateTime(ctx.at("given"), r.getGiven());
        LocalDate until = r.getValidUntil() == null ? null : ctx.date(ctx.at("validUntil"), r.getValidUntil());
        DateTimeType withdrawn = r.getWithdrawn() == null ? null : ctx.dateTime(ctx.at("withdrawn"), r.getWithdrawn());
        if (withdrawn != null && withdrawn.getValue().before(given.getValue())) {
            throw ctx.refuse("GW-1112", ctx.at("withdrawn"), "before the consent was given");
        }
        // per-1 as the decision reads the period (FhirTime): valid until a day covers the whole Swedish day
        if (until != null && se.samverkan.gateway.consent.FhirTime.endsBeforeStart(new Period()
                .setStartElement(given.copy()).setEndElement(new DateTimeType(until.toString())))) {
            throw ctx.refuse("GW-1112", ctx.at("validUntil"), "before the consent was given");
        }
        phase(ctx, r);

        List<Resource> out = new ArrayList<>();
        Consent consent = new Consent();
        String key = FhirParts.id(ctx.header().getExportingPrincipal()) + "/" + r.getRecordId();
        consent.setId(RecordContext.id(key, "consent"));
        consent.getMeta().addProfile(Profiles.CONSENT);
        consent.addIdentifier(FhirParts.recordId(FhirParts.id(ctx.header().getExportingPrincipal()), r.getRecordId()));
        consent.setStatus(withdrawn != null ? Consent.ConsentState.INACTIVE : Consent.ConsentState.ACTIVE);
        consent.setScope(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")));
        consent.addCategory(new CodeableConcept(new Coding(Systems.LOINC, "59284-0", "Patient Consent")));
        consent.setPatient(FhirParts.childByIdentifier(child));
        consent.setDateTimeElement(given.copy());
        if (r.getGivenBy().getStudent() != null) {
            consent.addPerformer(FhirParts.childByIdentifier(child));
        }
        List<Guardian> guardians = r.getGivenBy().getGuardian();
        for (int i = 0; i < guardians.size(); i++) {
            RelatedPerson guardian = guardian(ctx, guardians.get(i), i, child);
            out.add(guardian);
            consent.addPerformer(new Reference().setType("RelatedPerson").setIdentifier(guardian.getIdentifierFirstRep()));
        }
        consent.addOrganization(FhirParts.organisation(r.getSource()));
        consent.setPolicyRule(new CodeableConcept(new Coding(V3_ACT, "OPTIN", "opt-in")));
        // IHE PCF Basic: the form it was recorded on (the exported record) and the policy it is given under
        consent.setSource(new Reference().setType("DocumentReference").setIdentifier(
                FhirParts.recordId(FhirParts.id(ctx.header().getExportingPrincipal()), r.getRecordId())));
        consent.addPolicy().setUri(Systems.CONSENT_POLICY);
        if (r.getCasePhase() != null) {
            consent.addExtension(Systems.CASE_PHASE_EXT, FhirParts.code(r.getCasePhase().value()));
        }

        Consent.ProvisionComponent provision = consent.getProvision();
        provision.setType(Consent.ConsentProvisionType.PERMIT);
        Period period = new Period().setStartElement(given.copy());
        if (until != null) {
            period.setEndElement(new DateTimeType(until.toString()));
        }
        provision.setPeriod(period);
        provision.addActor().setRole(role("CST", "custodian")).setReference(FhirParts.organisation(r.getSource()));
        for (Party recipient : r.getRecipient()) {
            provision.addActor().setRole(role("IRCP", "information recipient"))
                    .setReference(FhirParts.organisation(recipient));
        }
        provision.addPurpose(FhirParts.flow(r.getFlow().value()));
        for (DataCategory category : r.getDataCategory()) {
            provision.addCode(new CodeableConcept(new Coding(Systems.DATA_CATEGORY, category.value(), null)));
        }
        out.add(consent);
        return out;
    }

    /** Rule C6: a consent between school and social services (F4) holds for one case phase, named. */
    private static void phase(RecordContext ctx, ConsentRecord r) {
        if (r.getFlow() == ConsentFlow.F_4 && r.getCasePhase() == null) {
            throw ctx.refuse("GW-1113", ctx.at("casePhase"),
                    "a consent for F4 names the case phase it is given in (rule C6)");
        }
        if (r.getFlow() != ConsentFlow.F_4 && r.getCasePhase() != null) {
            throw ctx.refuse("GW-1113", ctx.at("casePhase"), "only a consent for F4 is bound to a case phase");
        }
    }

    private static CodeableConcept role(String code, String display) {
        return new CodeableConcept(new Coding(V3_PARTICIPATION, code, display));
    }

    /** A guardian is one person for one child, whichever record names them: the id is a natural key. */
    private static RelatedPerson guardian(RecordContext ctx, Guardian g, int n, PersonalIdentityNumber child) {
        PersonalIdentityNumber id = ctx.identity(
                ctx.at("givenBy", "guardian[" + (n + 1) + "]", "personalIdentityNumber"), g.getPersonalIdentityNumber());
        RelatedPerson rp = new RelatedPerson();
        rp.setId(RecordContext.id(child.value() + "/" + id.value(), "guardian"));
        rp.getMeta().addProfile(Profiles.GUARDIAN);
        rp.addIdentifier(FhirParts.person(id));
        rp.setActive(g.isCustody());
        rp.setPatient(FhirParts.childByIdentifier(child));
        rp.addRelationship(new CodeableConcept(new Coding(FhirParts.V3_ROLE, "GUARD", "guardian")));
        if (g.getName() != null) {
            rp.addName(FhirParts.name(g.getName()));
        }
        return rp;
    }
}
