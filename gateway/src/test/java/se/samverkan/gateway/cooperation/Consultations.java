package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.StringType;
import se.samverkan.gateway.cooperation.IdentifyingContent.Finding;
import se.samverkan.gateway.cooperation.IdentifyingContent.Kind;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.support.TestIds;
import se.samverkan.gateway.validation.ProfileValidator;

/** Consultations for the C7 proof: made-up people only, identity numbers of valid form. */
final class Consultations {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String ANONYMOUS_PROFILE =
            Systems.CANONICAL_BASE + "/StructureDefinition/samverkan-anonymous-consultation";

    static final LocalDate CHILD_BIRTH = LocalDate.of(2019, 3, 14);
    static final String CHILD_PNR = TestIds.pnr(CHILD_BIRTH, 238);
    static final String GUARDIAN_PNR = TestIds.pnr(LocalDate.of(1987, 6, 2), 412);
    static final String GUARDIAN_SAMORDNINGSNUMMER = TestIds.samordningsnummer(LocalDate.of(1985, 11, 20), 155);
    static final String CHILD_GIVEN = "Testina";
    static final String CHILD_FAMILY = "Provsdotter";
    static final String GUARDIAN_GIVEN = "Göran";
    static final String GUARDIAN_FAMILY = "Exempelsson";
    static final String STREET = "Fiktivgatan 17";
    static final String POSTAL_CODE = "999 41";
    static final String CITY = "Påhittstad";
    static final String PHONE = "+46 8 555 010 23";
    static final String EMAIL = "testina.provsdotter@example.invalid";
    static final String RECORD_ID = "SE2321000016-EMI1/elevakt-4711";
    static final String DE_IDENTIFIED_TEXT =
            "Avidentifierat ärende: en flicka född 2019 med koncentrationssvårigheter; vilka insatser finns? (syntetisk testtext)";

    private static ProfileValidator validator;

    private Consultations() {
    }

    /** Built once for the package's tests: building and warming one takes seconds. */
    static synchronized ProfileValidator validator() {
        if (validator == null) {
            validator = new ProfileValidator(FHIR, "classpath*:profiles/*.json");
            validator.warmUp();
        }
        return validator;
    }

    /** The identity number in every written form: 12 digits, 12 with hyphen, 10, 10 with hyphen. */
    static List<String> forms(String twelveDigits) {
        return List.of(twelveDigits, twelveDigits.substring(0, 8) + "-" + twelveDigits.substring(8),
                twelveDigits.substring(2), twelveDigits.substring(2, 8) + "-" + twelveDigits.substring(8));
    }

    /** The strings {@link #maximal()} writes into the consultation, by what they are (labels are safe to print). */
    static Map<String, String> written() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("child's identity number, 12 digits", CHILD_PNR);
        all.put("child's identity number, 12 digits with hyphen", forms(CHILD_PNR).get(1));
        all.put("child's identity number, 10 digits", forms(CHILD_PNR).get(2));
        all.put("child's identity number, 10 digits with hyphen", forms(CHILD_PNR).get(3));
        all.put("guardian's personnummer", GUARDIAN_PNR);
        all.put("guardian's samordningsnummer", GUARDIAN_SAMORDNINGSNUMMER);
        all.put("child's given name", CHILD_GIVEN);
        all.put("child's family name", CHILD_FAMILY);
        all.put("guardian's given name", GUARDIAN_GIVEN);
        all.put("guardian's family name", GUARDIAN_FAMILY);
        all.put("street", STREET);
        all.put("postal code", POSTAL_CODE);
        all.put("city", CITY);
        all.put("phone", PHONE);
        all.put("e-mail", EMAIL);
        all.put("child's birth date", CHILD_BIRTH.toString());
        all.put("guardian's birth date", "1987-06-02");
        all.put("record id", RECORD_ID);
        all.put("referral's record id", "remiss-0815");
        all.put("literal reference to the child", "Patient/4711");
        all.put("literal reference to staff", "Practitioner/17");
        all.put("child's local journal id", "journal-88");
        all.put("registration municipality", Systems.REGISTRATION_MUNICIPALITY_EXT);
        all.put("protected identity label", "skyddadFolkbokforing");
        all.put("concern flag", "violence");
        all.put("case phase", Systems.CASE_PHASE_EXT);
        all.put("data category", Systems.DATA_CATEGORY_EXT);
        all.put("staff role in a note", "skolsköterska");
        return all;
    }

    /**
     * What must not appear in an anonymised consultation: everything written, and each identity number and
     * birth date also in the forms that were not written.
     */
    static Map<String, String> forbidden() {
        Map<String, String> all = new LinkedHashMap<>(written());
        String[] form = {"12 digits", "12 digits with hyphen", "10 digits", "10 digits with hyphen"};
        for (Map.Entry<String, String> number : Map.of("child", CHILD_PNR, "guardian's personnummer", GUARDIAN_PNR,
                "guardian's samordningsnummer", GUARDIAN_SAMORDNINGSNUMMER).entrySet()) {
            for (int i = 0; i < 4; i++) {
                all.put(number.getKey() + ", " + form[i], forms(number.getValue()).get(i));
            }
        }
        all.put("child's birth date, 8 digits", "20190314");
        all.put("child's birth date, 6 digits", "190314");
        return all;
    }

    /** The labels of the forbidden strings the text contains (labels only: the values stay out of reports). */
    static List<String> survivors(String text, Map<String, String> strings) {
        return strings.entrySet().stream().filter(e -> text.contains(e.getValue())).map(Map.Entry::getKey).toList();
    }

    /**
     * The validator's errors but for one: profiles/ has no StructureDefinition for the de-identified extension
     * yet, and the validator allows no unknown extension. Once the definition is there, nothing is excused.
     */
    static List<ProfileValidator.Issue> profileErrors(org.hl7.fhir.r4.model.Resource r) {
        List<ProfileValidator.Issue> errors = validator().errors(r);
        if (validator().profiles().contains(Systems.DE_IDENTIFIED_EXT)) {
            return errors;
        }
        String missing = "The extension " + Systems.DE_IDENTIFIED_EXT + " could not be found";
        return errors.stream().filter(i -> !i.message().contains(missing)).toList();
    }

    /** A clean anonymous consultation: the golden example, with its text marked de-identified. */
    static Communication clean() {
        Communication c = new Communication();
        c.getMeta().addProfile(ANONYMOUS_PROFILE);
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addCategory().addCoding(new Coding(Systems.FLOW, "F6", "cross-sector consultation"));
        c.setSentElement(new DateTimeType("2026-11-23T13:00:00+01:00"));
        c.setSender(organisation(Systems.HSA_ID, "SE2321000016-EMI1").setDisplay("Ekbackens skola, elevhälsan"));
        c.addRecipient(organisation(Systems.HSA_ID, "SE2321000016-BUP1"));
        c.addRecipient(organisation(Systems.KOMMUNKOD, "0180"));
        c.addPayload().setContent(new StringType(DE_IDENTIFIED_TEXT))
                .addExtension(Systems.DE_IDENTIFIED_EXT, new BooleanType(true));
        Patient child = new Patient();
        child.setId("child");
        child.setGender(AdministrativeGender.FEMALE).setBirthDateElement(new DateType("2019"));
        c.addContained(child);
        c.addPayload().setContent(new Reference("#child"));
        return c;
    }

    static Reference organisation(String system, String value) {
        return new Reference().setType("Organization").setIdentifier(new Identifier().setSystem(system).setValue(value));
    }

    /** A string marked de-identified on itself (the contract's place is the payload; both are read). */
    static StringType deIdentified(String text) {
        StringType s = new StringType(text);
        s.addExtension(Systems.DE_IDENTIFIED_EXT, new BooleanType(true));
        return s;
    }

    /** An identified consultation with identifying content in every place the contract lets it be. */
    static Planted maximal() {
        Communication c = new Communication();
        c.setId("4711");
        c.getMeta().addProfile("https://samverkan.example/fhir/StructureDefinition/samverkan-cooperation-communication")
                .addSecurity(new Coding("http://hl7.se/fhir/ig/base/CodeSystem/SecurityLabel", "skyddadFolkbokforing", null));
        List<Finding> expected = new ArrayList<>();
        c.setText(new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED));
        c.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Konsultation om " + CHILD_GIVEN + " "
                + CHILD_FAMILY + ", " + CHILD_PNR + "</div>");
        expected.add(new Finding("Communication.text", Kind.NARRATIVE));
        expected.add(new Finding("Communication.text.div", Kind.IDENTITY_NUMBER));

        c.addContained(child());
        expected.addAll(List.of(
                new Finding("Communication.contained[0].meta", Kind.PATIENT_DETAIL),
                new Finding("Communication.contained[0].extension[0]", Kind.PATIENT_DETAIL),
                new Finding("Communication.contained[0].identifier[0]", Kind.IDENTITY_IDENTIFIER),
                new Finding("Communication.contained[0].identifier[0].value", Kind.IDENTITY_NUMBER),
                new Finding("Communication.contained[0].identifier[1]", Kind.RECORD_IDENTIFIER),
                new Finding("Communication.contained[0].name[0]", Kind.NAME),
                new Finding("Communication.contained[0].telecom[0]", Kind.CONTACT_POINT),
                new Finding("Communication.contained[0].telecom[1]", Kind.CONTACT_POINT),
                new Finding("Communication.contained[0].birthDate", Kind.BIRTH_DATE),
                new Finding("Communication.contained[0].address[0]", Kind.ADDRESS),
                new Finding("Communication.contained[0].contact[0]", Kind.PATIENT_DETAIL),
                new Finding("Communication.contained[0].contact[0].name", Kind.NAME)));
        c.addContained(guardian("guardian-1", Systems.PERSONNUMMER, GUARDIAN_PNR));
        c.addContained(guardian("guardian-2", Systems.SAMORDNINGSNUMMER, GUARDIAN_SAMORDNINGSNUMMER));
        for (int g = 1; g <= 2; g++) {
            String at = "Communication.contained[" + g + "]";
            expected.addAll(List.of(new Finding(at, Kind.RELATED_PERSON),
                    new Finding(at + ".identifier[0]", Kind.IDENTITY_IDENTIFIER),
                    new Finding(at + ".identifier[0].value", Kind.IDENTITY_NUMBER),
                    new Finding(at + ".name[0]", Kind.NAME), new Finding(at + ".telecom[0]", Kind.CONTACT_POINT),
                    new Finding(at + ".birthDate", Kind.BIRTH_DATE), new Finding(at + ".address[0]", Kind.ADDRESS)));
        }

        c.addExtension(Systems.CASE_PHASE_EXT, new CodeType("voluntary"));
        c.addExtension("https://ehr.example/fhir/StructureDefinition/case-note",
                new StringType("Gäller elev " + forms(CHILD_PNR).get(1)));
        expected.add(new Finding("Communication.extension[1].valueString", Kind.IDENTITY_NUMBER));
        expected.add(new Finding("Communication.extension[1].valueString", Kind.FREE_TEXT));

        c.addIdentifier().setSystem(Systems.RECORD_ID).setValue(RECORD_ID);
        expected.add(new Finding("Communication.identifier[0]", Kind.RECORD_IDENTIFIER));
        c.addIdentifier().setSystem(Systems.PERSONNUMMER).setValue(CHILD_PNR);
        expected.add(new Finding("Communication.identifier[1]", Kind.IDENTITY_IDENTIFIER));
        expected.add(new Finding("Communication.identifier[1].value", Kind.IDENTITY_NUMBER));

        c.addBasedOn(new Reference("ServiceRequest/remiss-0815"));
        expected.add(new Finding("Communication.basedOn[0]", Kind.REFERENCE));
        c.addInResponseTo(new Reference().setIdentifier(new Identifier().setSystem(Systems.RECORD_ID)
                .setValue("SE2321000016-BUP1/remiss-0815")));
        expected.add(new Finding("Communication.inResponseTo[0]", Kind.REFERENCE));
        expected.add(new Finding("Communication.inResponseTo[0].identifier", Kind.RECORD_IDENTIFIER));
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addCategory().addCoding(new Coding(Systems.FLOW, "F6", "cross-sector consultation"))
                .addCoding(new Coding(Systems.FLAG, "violence", null));
        c.setSubject(new Reference("#child").setIdentifier(new Identifier().setSystem(Systems.PERSONNUMMER)
                .setValue(CHILD_PNR)).setDisplay(CHILD_GIVEN + " " + CHILD_FAMILY));
        expected.addAll(List.of(new Finding("Communication.subject", Kind.REFERENCE),
                new Finding("Communication.subject.identifier", Kind.IDENTITY_IDENTIFIER),
                new Finding("Communication.subject.identifier.value", Kind.IDENTITY_NUMBER),
                new Finding("Communication.subject.display", Kind.FREE_TEXT)));
        c.setTopic(new CodeableConcept().setText("Samverkan kring " + CHILD_GIVEN));
        expected.add(new Finding("Communication.topic.text", Kind.FREE_TEXT));
        c.addAbout(new Reference("Patient/4711"));
        expected.add(new Finding("Communication.about[0]", Kind.REFERENCE));
        c.addAbout(new Reference().setType("RelatedPerson").setIdentifier(new Identifier()
                .setSystem(Systems.PERSONNUMMER).setValue(GUARDIAN_PNR)));
        expected.addAll(List.of(new Finding("Communication.about[1]", Kind.REFERENCE),
                new Finding("Communication.about[1].identifier", Kind.IDENTITY_IDENTIFIER),
                new Finding("Communication.about[1].identifier.value", Kind.IDENTITY_NUMBER)));
        c.setEncounter(new Reference("Encounter/4711-1"));
        expected.add(new Finding("Communication.encounter", Kind.REFERENCE));
        c.setSentElement(new DateTimeType("2026-11-23T13:47:12+01:00"));
        c.addRecipient(organisation(Systems.HSA_ID_RIVTA, "SE2321000016-BUP1").setDisplay("BUP Norr"));
        c.addRecipient(organisation(Systems.KOMMUNKOD, "0180"));
        c.setSender(organisation(Systems.HSA_ID, "SE2321000016-EMI1").setDisplay("Ekbackens skola, elevhälsan"));
        c.addReasonCode().setText("Oro för " + CHILD_GIVEN + " hemma på " + STREET);
        expected.add(new Finding("Communication.reasonCode[0].text", Kind.FREE_TEXT));
        c.addReasonReference(new Reference("Condition/adhd-" + CHILD_PNR));
        expected.add(new Finding("Communication.reasonReference[0]", Kind.REFERENCE));
        expected.add(new Finding("Communication.reasonReference[0].reference", Kind.IDENTITY_NUMBER));

        Communication.CommunicationPayloadComponent text = c.addPayload().setContent(new StringType(
                CHILD_GIVEN + " " + CHILD_FAMILY + " (" + forms(CHILD_PNR).get(3) + ") har svårt i skolan, "
                        + "mamma nås på " + PHONE + " eller " + EMAIL));
        text.addExtension(Systems.DATA_CATEGORY_EXT, new CodeType("psychosocial"));
        expected.add(new Finding("Communication.payload[0].contentString", Kind.IDENTITY_NUMBER));
        expected.add(new Finding("Communication.payload[0].contentString", Kind.FREE_TEXT));
        c.addPayload().setContent(new StringType(DE_IDENTIFIED_TEXT))
                .addExtension(Systems.DE_IDENTIFIED_EXT, new BooleanType(true));
        c.addPayload().setContent(new Attachment().setContentType("text/plain").setTitle("Utredning " + CHILD_FAMILY)
                .setData(("Elev: " + forms(CHILD_PNR).get(2) + ", " + STREET).getBytes(StandardCharsets.UTF_8)));
        expected.addAll(List.of(new Finding("Communication.payload[2].contentAttachment", Kind.ATTACHMENT),
                new Finding("Communication.payload[2].contentAttachment.data", Kind.IDENTITY_NUMBER),
                new Finding("Communication.payload[2].contentAttachment.title", Kind.FREE_TEXT)));
        c.addPayload().setContent(new Reference("#child"));
        c.addPayload().setContent(new Reference("#guardian-1"));
        expected.add(new Finding("Communication.payload[4].contentReference", Kind.REFERENCE));
        c.addNote(new Annotation().setText("Ring " + GUARDIAN_GIVEN + " " + GUARDIAN_FAMILY + ", skolsköterska vet mer")
                .setAuthor(new Reference("Practitioner/17")));
        expected.add(new Finding("Communication.note[0].authorReference", Kind.REFERENCE));
        expected.add(new Finding("Communication.note[0].text", Kind.FREE_TEXT));
        return new Planted(c, expected);
    }

    private static Patient child() {
        Patient p = new Patient();
        p.setId("child");
        p.getMeta().addSecurity(new Coding("http://hl7.se/fhir/ig/base/CodeSystem/SecurityLabel",
                "skyddadFolkbokforing", null));
        p.addExtension(Systems.REGISTRATION_MUNICIPALITY_EXT, new Coding(Systems.KOMMUNKOD, "0180", null));
        p.addIdentifier().setSystem(Systems.PERSONNUMMER).setValue(CHILD_PNR);
        p.addIdentifier().setSystem("urn:oid:1.2.752.29.4.19.17").setValue("journal-88");
        p.addName().setFamily(CHILD_FAMILY).addGiven(CHILD_GIVEN);
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(PHONE);
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(EMAIL);
        p.setGender(AdministrativeGender.FEMALE);
        p.setBirthDateElement(new DateType(CHILD_BIRTH.toString()));
        p.addAddress().addLine(STREET).setPostalCode(POSTAL_CODE).setCity(CITY);
        p.addContact().setName(new org.hl7.fhir.r4.model.HumanName().setFamily(GUARDIAN_FAMILY).addGiven(GUARDIAN_GIVEN));
        return p;
    }

    private static RelatedPerson guardian(String id, String system, String number) {
        RelatedPerson r = new RelatedPerson();
        r.setId(id);
        r.addIdentifier().setSystem(system).setValue(number);
        r.setActive(true);
        r.setPatient(new Reference("#child"));
        r.addRelationship().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "GUARD", null));
        r.addName().setFamily(GUARDIAN_FAMILY).addGiven(GUARDIAN_GIVEN);
        r.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(PHONE);
        r.setBirthDateElement(new DateType("1987-06-02"));
        r.addAddress().addLine(STREET).setPostalCode(POSTAL_CODE).setCity(CITY);
        return r;
    }

    /** A consultation and the findings its planted content must give. */
    record Planted(Communication consultation, List<Finding> expected) {
    }

    static String json(org.hl7.fhir.r4.model.Resource r) {
        return FHIR.newJsonParser().encodeResourceToString(r);
    }
}
