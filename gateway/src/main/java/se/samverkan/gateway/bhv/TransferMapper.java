package se.samverkan.gateway.bhv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.bhv.xml.ChildRecord;
import se.samverkan.gateway.bhv.xml.GrowthMeasurement;
import se.samverkan.gateway.bhv.xml.Guardian;
import se.samverkan.gateway.bhv.xml.ImmunizationEntry;
import se.samverkan.gateway.bhv.xml.PersonName;
import se.samverkan.gateway.bhv.xml.RecordedConsent;
import se.samverkan.gateway.bhv.xml.Screening;
import se.samverkan.gateway.fhir.Profiles;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.validation.CodeDisplays;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.mapping.VaccineCodes;

/**
 * Maps one BHV record to the FHIR R4 transaction Bundle of flow F1. The clinical resources are made
 * first so that data minimisation can drop what the consent does not cover; the Communication and
 * Provenance are then made over what is left.
 */
public class TransferMapper {

    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final TimeZone SWEDISH_TIME = TimeZone.getTimeZone(SWEDEN);
    private static final String V3_ROLE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
    private static final String V3_ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final String V3_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static final String OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    private final VaccineCodes vaccines;

    public TransferMapper(VaccineCodes vaccines) {
        this.vaccines = vaccines;
    }

    /** The child's clinical data, one resource per entry, in a stable order. */
    public List<Resource> clinical(TransferContext ctx) {
        ChildRecord r = ctx.record().child();
        Reference patient = patientRef(ctx);
        List<Resource> out = new ArrayList<>();
        int n = 0;
        for (ImmunizationEntry entry : r.getImmunization()) {
            out.add(immunization(ctx, entry, patient, n++));
        }
        n = 0;
        for (GrowthMeasurement g : r.getGrowth()) {
            out.addAll(growth(ctx, g, patient, n++));
        }
        n = 0;
        for (Screening s : r.getHearingScreening()) {
            out.add(screening(ctx, s, patient, "hearing-" + n++, "28615-3", "Hearing screening"));
        }
        n = 0;
        for (Screening s : r.getVisionScreening()) {
            out.add(screening(ctx, s, patient, "vision-" + n++, "28631-0", "Vision screening"));
        }
        if (r.getDevelopmentSummary() != null && !r.getDevelopmentSummary().isBlank()) {
            out.add(developmentSummary(ctx, r.getDevelopmentSummary(), patient));
        }
        return out;
    }

    /** The transaction Bundle: the child, the guardians, the consents, the given clinical data, a
     *  Communication from the BHV unit to the school's EMI, and a Provenance over all of it. */
    public Bundle bundle(TransferContext ctx, List<Resource> clinical) {
        return bundle(ctx, guardians(ctx), consents(ctx), clinical);
    }

    /** The same, from guardians and consents already mapped (the batch flow maps them once for both the
     *  registry and the Bundle). */
    public Bundle bundle(TransferContext ctx, List<RelatedPerson> guardians, List<Consent> consents,
                         List<Resource> clinical) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.TRANSACTION);
        bundle.setIdentifier(new Identifier().setSystem(Systems.DELIVERY_ID).setValue(ctx.deliveryId().toString()));
        bundle.setTimestampElement(instant(ctx.now()));

        Patient patient = patient(ctx);
        add(bundle, patient).getRequest().setIfNoneExist("identifier=" + Systems.identitySystem(ctx.child())
                + "|" + ctx.child().value());
        guardians.forEach(g -> add(bundle, g));
        consents.forEach(c -> add(bundle, c));
        clinical.forEach(resource -> add(bundle, resource));
        add(bundle, communication(ctx, clinical));
        add(bundle, provenance(ctx, bundle));
        return bundle;
    }

    /** A RelatedPerson for each guardian, in record order. */
    public List<RelatedPerson> guardians(TransferContext ctx) {
        List<RelatedPerson> out = new ArrayList<>();
        List<Guardian> guardians = ctx.record().child().getGuardian();
        for (int i = 0; i < guardians.size(); i++) {
            out.add(relatedPerson(ctx, guardians.get(i), i));
        }
        return out;
    }

    /** A Consent for each consent recorded at BHV, in record order. */
    public List<Consent> consents(TransferContext ctx) {
        List<Consent> out = new ArrayList<>();
        List<RecordedConsent> consents = ctx.record().child().getConsent();
        for (int i = 0; i < consents.size(); i++) {
            out.add(consent(ctx, consents.get(i), i));
        }
        return out;
    }

    private static Bundle.BundleEntryComponent add(Bundle bundle, Resource resource) {
        return bundle.addEntry()
                .setFullUrl(resource.getIdElement().getValue())
                .setResource(resource)
                .setRequest(new Bundle.BundleEntryRequestComponent()
                        .setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType()));
    }

    private static <T extends Resource> T withId(T resource, TransferContext ctx, String label) {
        resource.setId("urn:uuid:" + ctx.idFor(label));
        return resource;
    }

    private static Reference patientRef(TransferContext ctx) {
        return new Reference("urn:uuid:" + ctx.idFor("patient"));
    }

    private static Identifier identityIdentifier(PersonalIdentityNumber id) {
        return new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL)
                .setSystem(Systems.identitySystem(id)).setValue(id.value());
    }

    private static HumanName name(PersonName name) {
        return new HumanName().setUse(HumanName.NameUse.OFFICIAL).setFamily(name.getFamily()).addGiven(name.getGiven());
    }

    private static Reference organisation(String system, String value) {
        return new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(system).setValue(value));
    }

    private static Reference bhvUnit(TransferContext ctx) {
        return organisation(Systems.HSA_ID, ctx.header().getExportingUnit());
    }

    private static Reference schoolEmi(TransferContext ctx) {
        return organisation(Systems.SKOLENHETSKOD, ctx.record().child().getSchoolStart().getSchoolUnit());
    }

    /** Times are written in Swedish time whatever the JVM's zone, so a Bundle reads the same everywhere. */
    private static InstantType instant(java.time.Instant at) {
        return new InstantType(Date.from(at), TemporalPrecisionEnum.MILLI, SWEDISH_TIME);
    }

    private static DateTimeType dayType(LocalDate date) {
        return new DateTimeType(date.toString());
    }

    private Patient patient(TransferContext ctx) {
        ChildRecord r = ctx.record().child();
        Patient p = withId(new Patient(), ctx, "patient");
        p.getMeta().addProfile(Profiles.PATIENT);
        p.addIdentifier(identityIdentifier(ctx.child()));
        p.addName(name(r.getName()));
        p.setGender(Enumerations.AdministrativeGender.fromCode(ctx.child().administrativeGender()));
        p.getBirthDateElement().setValueAsString(ctx.child().birthDate().toString());
        p.addExtension(Systems.REGISTRATION_MUNICIPALITY_EXT,
                new Coding(Systems.KOMMUNKOD, r.getRegistrationMunicipality(), null));
        return p;
    }

    private RelatedPerson relatedPerson(TransferContext ctx, Guardian g, int n) {
        RelatedPerson rp = withId(new RelatedPerson(), ctx, "guardian-" + n);
        rp.getMeta().addProfile(Profiles.GUARDIAN);
        rp.addIdentifier(identityIdentifier(PersonalIdentityNumber.parse(g.getPersonalIdentityNumber())));
        // active carries custody (vårdnad): rule C4 only counts consents from active guardians
        rp.setActive(g.isCustody());
        rp.setPatient(childRef(ctx));
        rp.addRelationship(new CodeableConcept(new Coding(V3_ROLE, "GUARD", "guardian")));
        rp.addName(name(g.getName()));
        return rp;
    }

    private Consent consent(TransferContext ctx, RecordedConsent c, int n) {
        ChildRecord r = ctx.record().child();
        LocalDate given = TransferContext.date(c.getDate());
        LocalDate withdrawn = TransferContext.date(c.getWithdrawn());
        LocalDate today = ctx.now().atZone(SWEDEN).toLocalDate();
        boolean permit = c.getDecision() == se.samverkan.gateway.bhv.xml.ConsentDecision.PERMIT;

        Consent consent = withId(new Consent(), ctx, "consent-" + n);
        consent.getMeta().addProfile(Profiles.CONSENT);
        consent.setStatus(withdrawn != null && !withdrawn.isAfter(today)
                ? Consent.ConsentState.INACTIVE : Consent.ConsentState.ACTIVE);
        consent.setScope(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")));
        consent.addCategory(new CodeableConcept(new Coding(Systems.LOINC, "59284-0", "Patient Consent")));
        consent.setPatient(childRef(ctx));
        consent.setDateTimeElement(dayType(given));
        consent.addPerformer(performer(ctx, c.getGivenBy()));
        consent.addOrganization(bhvUnit(ctx));
        // OPTOUT without a display: R4's v3-ActCode spells it "op-out", and a validator rejects any other display
        consent.setPolicyRule(new CodeableConcept(new Coding(V3_ACT, permit ? "OPTIN" : "OPTOUT",
                permit ? "opt-in" : null)));
        // IHE PCF Basic: the form it was recorded on (the exported record) and the policy it is given under
        consent.setSource(new Reference().setType("DocumentReference").setIdentifier(new Identifier()
                .setSystem(Systems.RECORD_ID).setValue(ctx.header().getExportingUnit() + "/"
                        + ctx.record().recordId())));
        consent.addPolicy().setUri(Systems.CONSENT_POLICY);

        Consent.ProvisionComponent provision = consent.getProvision();
        provision.setType(permit ? Consent.ConsentProvisionType.PERMIT : Consent.ConsentProvisionType.DENY);
        Period period = new Period().setStartElement(dayType(given));
        LocalDate until = TransferContext.date(c.getValidUntil());
        if (until != null) {
            period.setEndElement(dayType(until));
        }
        provision.setPeriod(period);
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(V3_PARTICIPATION, "IRCP", "information recipient")))
                .setReference(schoolEmi(ctx));
        provision.addPurpose(CodeDisplays.coding(Systems.FLOW, "F1"));
        for (se.samverkan.gateway.bhv.xml.DataCategory category : c.getDataCategory()) {
            provision.addCode(new CodeableConcept(new Coding(Systems.DATA_CATEGORY, category.value(), null)));
        }
        return consent;
    }

    /** The performer of a consent: the guardian's RelatedPerson, or the child itself (18 or over). */
    private Reference performer(TransferContext ctx, String givenBy) {
        ChildRecord r = ctx.record().child();
        Identifier person = identityIdentifier(PersonalIdentityNumber.parse(givenBy));
        if (givenBy.equals(r.getPersonalIdentityNumber())) {
            return childRef(ctx);
        }
        for (int i = 0; i < r.getGuardian().size(); i++) {
            if (r.getGuardian().get(i).getPersonalIdentityNumber().equals(givenBy)) {
                return new Reference("urn:uuid:" + ctx.idFor("guardian-" + i)).setType("RelatedPerson")
                        .setIdentifier(person);
            }
        }
        return new Reference().setType("RelatedPerson").setIdentifier(person);
    }

    /**
     * The child as Consent and RelatedPerson name it: by reference inside the Bundle and by identity
     * number, so the resource still says whom it is about once it is stored outside the Bundle.
     */
    private static Reference childRef(TransferContext ctx) {
        return patientRef(ctx).setType("Patient").setIdentifier(identityIdentifier(ctx.child()));
    }

    private Immunization immunization(TransferContext ctx, ImmunizationEntry entry, Reference patient, int n) {
        VaccineCodes.Atc atc = vaccines.atc(entry.getVaccineCode()).orElseThrow(
                () -> new IllegalArgumentException("unknown vaccine code"));
        Immunization im = withId(new Immunization(), ctx, "immunization-" + n);
        im.getMeta().addProfile(Profiles.IMMUNIZATION);
        im.setStatus(Immunization.ImmunizationStatus.COMPLETED);
        im.setVaccineCode(new CodeableConcept()
                .addCoding(new Coding(Systems.ATC, atc.code(), atc.display()))
                .addCoding(new Coding(Systems.SOURCE_VACCINE_CODE, atc.sourceCode(), null)));
        im.setPatient(patient);
        im.setOccurrence(dayType(TransferContext.date(entry.getDate())));
        im.setPrimarySource(true);
        im.addProtocolApplied().setDoseNumber(new org.hl7.fhir.r4.model.PositiveIntType(
                entry.getDoseNumber().intValueExact()));
        return im;
    }

    private List<Observation> growth(TransferContext ctx, GrowthMeasurement g, Reference patient, int n) {
        LocalDate date = TransferContext.date(g.getDate());
        List<Observation> out = new ArrayList<>();
        if (g.getHeightCm() != null) {
            out.add(vital(ctx, "height-" + n, "8302-2", "Body height", date, g.getHeightCm(), "cm", patient));
        }
        if (g.getWeightKg() != null) {
            out.add(vital(ctx, "weight-" + n, "29463-7", "Body weight", date, g.getWeightKg(), "kg", patient));
        }
        if (g.getHeadCircumferenceCm() != null) {
            out.add(vital(ctx, "head-" + n, "9843-4", "Head Occipital-frontal circumference", date,
                    g.getHeadCircumferenceCm(), "cm", patient));
        }
        if (g.getHeightCm() != null && g.getWeightKg() != null) {
            BigDecimal metres = g.getHeightCm().movePointLeft(2);
            BigDecimal bmi = g.getWeightKg().divide(metres.multiply(metres), 1, RoundingMode.HALF_UP);
            out.add(vital(ctx, "bmi-" + n, "39156-5", "Body mass index (BMI) [Ratio]", date, bmi, "kg/m2", patient));
        }
        return out;
    }

    private Observation vital(TransferContext ctx, String label, String loinc, String display, LocalDate date,
                              BigDecimal value, String unit, Reference patient) {
        Observation o = observation(ctx, label, loinc, display, "vital-signs", date, patient);
        o.getMeta().addProfile(Profiles.GROWTH_OBSERVATION);
        o.setValue(new Quantity().setValue(value).setUnit(unit).setSystem(Systems.UCUM).setCode(unit));
        return o;
    }

    private Observation screening(TransferContext ctx, Screening s, Reference patient, String label,
                                  String loinc, String display) {
        Observation o = observation(ctx, label, loinc, display, "exam", TransferContext.date(s.getDate()), patient);
        o.getMeta().addProfile(Profiles.SCREENING_OBSERVATION);
        o.setValue(new CodeableConcept(new Coding(Systems.SCREENING_RESULT, s.getResult().value(), null)));
        return o;
    }

    private Observation observation(TransferContext ctx, String label, String loinc, String display,
                                    String category, LocalDate date, Reference patient) {
        Observation o = withId(new Observation(), ctx, label);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(OBS_CATEGORY, category, null)));
        o.setCode(new CodeableConcept(new Coding(Systems.LOINC, loinc, display)));
        o.setSubject(patient);
        o.setEffective(dayType(date));
        return o;
    }

    private DocumentReference developmentSummary(TransferContext ctx, String text, Reference patient) {
        DocumentReference doc = withId(new DocumentReference(), ctx, "development-summary");
        doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        doc.setType(new CodeableConcept(new Coding(Systems.LOINC, "11488-4", "Consult note")));
        doc.setSubject(patient);
        doc.setDateElement(instant(ctx.exportedAt()));
        doc.addAuthor(bhvUnit(ctx));
        doc.setDescription("Utvecklingssammanfattning från barnhälsovården");
        doc.addContent().setAttachment(new Attachment()
                .setContentType("text/plain; charset=utf-8")
                .setLanguage("sv")
                .setData(text.getBytes(StandardCharsets.UTF_8)));
        return doc;
    }

    private Communication communication(TransferContext ctx, List<Resource> clinical) {
        ChildRecord r = ctx.record().child();
        Communication c = withId(new Communication(), ctx, "communication");
        c.getMeta().addProfile(Profiles.TRANSFER_COMMUNICATION);
        c.addIdentifier(new Identifier().setSystem(Systems.DELIVERY_ID).setValue(ctx.deliveryId().toString()));
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addCategory(new CodeableConcept(CodeDisplays.coding(Systems.FLOW, "F1")));
        c.setSubject(patientRef(ctx));
        c.setSentElement(new DateTimeType(Date.from(ctx.now()), TemporalPrecisionEnum.SECOND, SWEDISH_TIME));
        c.setSender(bhvUnit(ctx));
        c.addRecipient(schoolEmi(ctx));
        c.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(
                "Överföring av BHV-journal inför skolstart " + TransferContext.date(r.getSchoolStart().getStartDate())
                        + " (" + clinical.size() + " journaluppgifter)"));
        clinical.forEach(resource -> c.addPayload().setContent(new Reference(resource.getIdElement().getValue())));
        return c;
    }

    private Provenance provenance(TransferContext ctx, Bundle bundle) {
        Provenance p = withId(new Provenance(), ctx, "provenance");
        bundle.getEntry().forEach(e -> p.addTarget(new Reference(e.getFullUrl())));
        p.setRecordedElement(instant(ctx.now()));
        p.addAgent()
                .setType(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author")))
                .setWho(bhvUnit(ctx));
        p.addAgent()
                .setType(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler")))
                .setWho(new Reference().setType("Device").setDisplay("Samverkan Gateway"));
        p.addEntity()
                .setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference().setIdentifier(new Identifier()
                        .setSystem(Systems.CANONICAL_BASE + "/NamingSystem/bhv-batch-id")
                        .setValue(ctx.header().getExportingUnit() + "/" + ctx.header().getBatchId())));
        return p;
    }
}
