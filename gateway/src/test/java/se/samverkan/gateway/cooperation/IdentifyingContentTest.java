package se.samverkan.gateway.cooperation;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.gateway.cooperation.Consultations.CHILD_PNR;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.gateway.cooperation.IdentifyingContent.Finding;
import se.samverkan.gateway.cooperation.IdentifyingContent.Kind;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.support.TestIds;

class IdentifyingContentTest {

    static final Path EXAMPLES = Path.of("src/test/resources/fixtures/profiles/samverkan-anonymous-consultation");
    private final IdentifyingContent identifying = new IdentifyingContent();

    static Communication example(String name) throws IOException {
        return Consultations.FHIR.newJsonParser().parseResource(Communication.class,
                Files.readString(EXAMPLES.resolve(name)));
    }

    /** A clean consultation whose marked de-identified text is the given one. */
    private List<Finding> inDeIdentifiedText(String text) {
        Communication c = Consultations.clean();
        c.getPayload().get(0).setContent(new StringType(text));
        return identifying.find(c);
    }

    @Test
    void theGoldenAnonymisedQuestionIsCleanButForItsTextThatIsNotMarkedDeIdentified() throws IOException {
        Communication golden = example("pass-anonymised-question.json");
        assertThat(identifying.find(golden))
                .containsExactly(new Finding("Communication.payload[0].contentString", Kind.FREE_TEXT));
        golden.getPayload().get(0).addExtension(Systems.DE_IDENTIFIED_EXT, new BooleanType(true));
        assertThat(identifying.find(golden)).isEmpty();
    }

    static Stream<Arguments> failingExamples() {
        return Stream.of(
                Arguments.of("fail-exact-birth-date.json", new Finding("Communication.contained[0].birthDate", Kind.BIRTH_DATE)),
                Arguments.of("fail-has-identifier.json", new Finding("Communication.identifier[0]", Kind.RECORD_IDENTIFIER)),
                Arguments.of("fail-identity-number-in-reference.json",
                        new Finding("Communication.payload[2].contentReference.identifier", Kind.IDENTITY_IDENTIFIER)),
                Arguments.of("fail-recipient-guardian.json", new Finding("Communication.recipient[2]", Kind.REFERENCE)),
                Arguments.of("fail-sender-child-by-url.json", new Finding("Communication.sender", Kind.REFERENCE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingExamples")
    void eachIdentifyingFailingExampleOfTheProfileIsFoundAtThePlaceItBreaks(String example, Finding expected)
            throws IOException {
        assertThat(identifying.find(example(example))).contains(expected);
    }

    @Test
    void aSubjectPointingAtTheAnonymisedChildIsLeftToTheProfileSinceItIdentifiesNobody() throws IOException {
        assertThat(identifying.find(example("fail-has-subject.json")))
                .containsExactly(new Finding("Communication.payload[0].contentString", Kind.FREE_TEXT));
    }

    static Stream<Arguments> identityNumbersInText() {
        String samordning = TestIds.samordningsnummer(LocalDate.of(2018, 5, 9), 113);
        List<String> forms = Consultations.forms(CHILD_PNR);
        return Stream.of(
                Arguments.of("12 digits", "elev " + forms.get(0)),
                Arguments.of("12 digits with hyphen", "elev " + forms.get(1)),
                Arguments.of("10 digits", "elev " + forms.get(2)),
                Arguments.of("10 digits with hyphen", "elev " + forms.get(3)),
                Arguments.of("10 digits with plus (aged 100 or more)", "elev " + forms.get(2).substring(0, 6) + "+"
                        + forms.get(2).substring(6)),
                Arguments.of("10 digits with a space", "elev " + forms.get(2).substring(0, 6) + " " + forms.get(2).substring(6)),
                Arguments.of("samordningsnummer", "elev " + samordning),
                Arguments.of("letters right before", "pnr" + forms.get(0)),
                Arguments.of("after a word and a hyphen", "Condition/adhd-" + forms.get(0)),
                Arguments.of("at the very start and end", forms.get(2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identityNumbersInText")
    void anIdentityNumberIsFoundInTextEvenWhenTheTextIsMarkedDeIdentified(String form, String text) {
        assertThat(inDeIdentifiedText(text))
                .containsExactly(new Finding("Communication.payload[0].contentString", Kind.IDENTITY_NUMBER));
    }

    static Stream<Arguments> numbersThatAreNotIdentityNumbers() {
        String pnr = CHILD_PNR;
        String wrongCheckDigit = pnr.substring(0, 11) + ((pnr.charAt(11) - '0' + 1) % 10);
        return Stream.of(
                Arguments.of("wrong check digit", "elev " + wrongCheckDigit),
                Arguments.of("no such month", "ärende 201913142386"),
                Arguments.of("an organisationsnummer (third digit 2 or more)", "huvudman 2120000142"),
                Arguments.of("an HSA-id", "SE2321000016-EMI1"),
                Arguments.of("a year and a school unit code", "född 2019, skolenhet 12345678"),
                Arguments.of("a UUID whose last group has the digits of one",
                        "0b7e8c3a-1d2f-4c5b-9a6e-" + pnr));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbersThatAreNotIdentityNumbers")
    void numbersThatAreNotIdentityNumbersAreLeftInDeIdentifiedText(String what, String text) {
        assertThat(inDeIdentifiedText(text)).isEmpty();
    }

    @Test
    void textIsFreeUnlessMarkedDeIdentifiedWithTrueOnThePayloadOrOnTheString() {
        Communication c = Consultations.clean();
        c.addPayload().setContent(new StringType("omarkerad text"));
        c.addPayload().setContent(new StringType("markerad med false"))
                .addExtension(Systems.DE_IDENTIFIED_EXT, new BooleanType(false));
        c.addPayload().setContent(Consultations.deIdentified("markerad på texten"));
        assertThat(identifying.find(c)).containsExactly(
                new Finding("Communication.payload[2].contentString", Kind.FREE_TEXT),
                new Finding("Communication.payload[3].contentString", Kind.FREE_TEXT));
    }

    @Test
    void codeDisplaysAndOrganisationNamesAreNotFreeTextButACodeableConceptsTextIs() {
        Communication c = Consultations.clean();
        c.getSender().setDisplay("Ekbackens skola");
        c.addReasonCode().addCoding().setSystem("http://hl7.org/fhir/sid/icd-10").setCode("F90").setDisplay("ADHD");
        c.getReasonCode().get(0).setText("koncentrationssvårigheter");
        assertThat(identifying.find(c)).containsExactly(new Finding("Communication.reasonCode[0].text", Kind.FREE_TEXT));
    }

    @Test
    void onlyTheChildAndOrganisationsByANonPersonalIdentifierMayBeReferenced() {
        Communication c = Consultations.clean();
        c.addRecipient(Consultations.organisation(Systems.PERSONNUMMER, CHILD_PNR));
        c.addRecipient(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(Systems.HSA_ID)
                .setValue("SE2321000016-1234")));
        c.addRecipient(new Reference("Organization/17"));
        c.addPayload().setContent(new Reference("#guardian-1"));
        assertThat(identifying.find(c)).containsExactly(
                new Finding("Communication.recipient[2]", Kind.REFERENCE),
                new Finding("Communication.recipient[2].identifier", Kind.IDENTITY_IDENTIFIER),
                new Finding("Communication.recipient[2].identifier.value", Kind.IDENTITY_NUMBER),
                new Finding("Communication.recipient[3]", Kind.REFERENCE),
                new Finding("Communication.recipient[3].identifier", Kind.RECORD_IDENTIFIER),
                new Finding("Communication.recipient[4]", Kind.REFERENCE),
                new Finding("Communication.payload[2].contentReference", Kind.REFERENCE));
    }

    @Test
    void aResourceSetOnAReferenceInMemoryIsWalkedToo() {
        Communication c = Consultations.clean();
        Patient child = new Patient();
        child.addName().setFamily(Consultations.CHILD_FAMILY);
        c.addPayload().setContent(new Reference(child));
        assertThat(identifying.find(c)).containsExactly(
                new Finding("Communication.payload[2].contentReference", Kind.REFERENCE),
                new Finding("Communication.payload[2].contentReference.resource.name[0]", Kind.NAME));
    }

    @Test
    void aNarrativeWithTextIsFoundAndAnEmptyOneIsNot() {
        Communication c = Consultations.clean();
        c.setText(new Narrative().setStatus(Narrative.NarrativeStatus.EMPTY));
        c.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"></div>");
        assertThat(identifying.find(c)).isEmpty();
        c.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Konsultation</div>");
        assertThat(identifying.find(c)).containsExactly(new Finding("Communication.text", Kind.NARRATIVE));
    }

    @Test
    void aBirthYearIsAllowedAndAMonthOrDayIsNot() {
        Patient p = new Patient().setBirthDateElement(new DateType("2019"));
        assertThat(identifying.find(p)).isEmpty();
        p.setBirthDateElement(new DateType("2019-03"));
        assertThat(identifying.find(p)).containsExactly(new Finding("Patient.birthDate", Kind.BIRTH_DATE));
    }

    @Test
    void aFindingNamesThePlaceAndTheKindButNeverTheValue() {
        List<Finding> found = identifying.find(Consultations.maximal().consultation());
        String report = found.toString();
        assertThat(Consultations.survivors(report, Consultations.forbidden())).isEmpty();
        assertThat(found).isNotEmpty();
    }
}
