package se.samverkan.gateway.cooperation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samverkan.gateway.cooperation.Consultations.json;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.cooperation.IdentifyingContent.Finding;
import se.samverkan.gateway.cooperation.IdentifyingContent.Kind;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.support.TestIds;

/**
 * The C7 proof over generated consultations: identifying content (random made-up identity numbers in random
 * written forms, names, addresses, contact data, exact dates, links) planted in random places of a clean
 * consultation. Each case is named by its seed; a failure prints labels and paths, never the planted values.
 */
class AnonymisationPropertyTest {

    private static final int CASES = 200;

    private final Anonymiser anonymiser = new Anonymiser();
    private final IdentifyingContent identifying = new IdentifyingContent();

    @Test
    void theDetectorFindsEveryRandomlyPlantedItem() {
        for (long seed = 0; seed < CASES; seed++) {
            Generated g = generate(seed);
            assertThat(identifying.find(g.consultation)).as("seed %d", seed).containsAll(g.expected);
        }
    }

    @Test
    void aRandomConsultationIsAnonymisedCleanOrRefusedWhenItsDeIdentifiedTextHoldsAnIdentityNumber() {
        int refused = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Generated g = generate(seed);
            String before = json(g.consultation);
            if (g.numberInDeIdentifiedText) {
                assertThatThrownBy(() -> anonymiser.anonymise(g.consultation)).as("seed %d", seed)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IDENTITY_NUMBER");
                refused++;
            } else {
                Communication out = anonymiser.anonymise(g.consultation);
                assertThat(identifying.find(out)).as("seed %d: findings", seed).isEmpty();
                assertThat(Consultations.survivors(json(out), g.forbidden)).as("seed %d: surviving", seed).isEmpty();
                assertThat(Consultations.profileErrors(out)).as("seed %d: profile", seed).isEmpty();
            }
            assertThat(json(g.consultation).equals(before)).as("seed %d: input untouched", seed).isTrue();
        }
        // both outcomes are exercised, so neither half of the property holds vacuously
        assertThat(refused).isBetween(CASES / 10, CASES - CASES / 2);
    }

    /** A consultation with 1 to 8 plantings, what they must be found as, and what must not come out. */
    private static final class Generated {
        final Communication consultation = Consultations.clean();
        final List<Finding> expected = new ArrayList<>();
        final Map<String, String> forbidden = new LinkedHashMap<>();
        boolean numberInDeIdentifiedText;
        private final Random random;
        private int planted;

        Generated(Random random) {
            this.random = random;
            consultation.getMeta().getProfile().clear();
        }

        void expect(String path, Kind kind) {
            expected.add(new Finding(path, kind));
        }

        /** A made-up identity number in a random written form, forbidden in all its forms. */
        String number() {
            LocalDate birth = LocalDate.of(1950 + random.nextInt(75), 1 + random.nextInt(12), 1 + random.nextInt(28));
            String twelve = random.nextInt(4) == 0 ? TestIds.samordningsnummer(birth, random.nextInt(1000))
                    : TestIds.pnr(birth, random.nextInt(1000));
            List<String> forms = Consultations.forms(twelve);
            for (int i = 0; i < forms.size(); i++) {
                forbidden.put("number " + planted + " form " + i, forms.get(i));
            }
            planted++;
            return forms.get(random.nextInt(forms.size()));
        }

        /** A made-up word that appears nowhere else (a name, a street, a mailbox). */
        String word(String what) {
            StringBuilder w = new StringBuilder("Xq");
            for (int i = 0; i < 7; i++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            forbidden.put(what + " " + planted++, w.toString());
            return w.toString();
        }

        String date() {
            String d = LocalDate.of(2005 + random.nextInt(20), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString();
            forbidden.put("date " + planted++, d);
            return d;
        }

        String payload() {
            return "Communication.payload[" + consultation.getPayload().size() + "]";
        }

        Patient child() {
            return (Patient) consultation.getContained().get(0);
        }
    }

    private static Generated generate(long seed) {
        Random random = new Random(seed);
        Generated g = new Generated(random);
        int plantings = 1 + random.nextInt(8);
        for (int i = 0; i < plantings; i++) {
            plant(g, random.nextInt(16));
        }
        return g;
    }

    private static void plant(Generated g, int where) {
        Communication c = g.consultation;
        switch (where) {
            case 0 -> {
                g.expect(g.payload() + ".contentString", Kind.IDENTITY_NUMBER);
                g.expect(g.payload() + ".contentString", Kind.FREE_TEXT);
                c.addPayload().setContent(new StringType("Gäller elev " + g.number() + "."));
            }
            case 1 -> {
                g.expect(g.payload() + ".contentString", Kind.IDENTITY_NUMBER);
                c.addPayload().setContent(new StringType("Avidentifierad, men: " + g.number()))
                        .addExtension(Systems.DE_IDENTIFIED_EXT, new BooleanType(true));
                g.numberInDeIdentifiedText = true;
            }
            case 2 -> {
                g.expect(g.payload() + ".contentString", Kind.FREE_TEXT);
                c.addPayload().setContent(new StringType(g.word("name") + " har svårt i skolan"));
            }
            case 3 -> {
                String at = "Communication.identifier[" + c.getIdentifier().size() + "]";
                g.expect(at, Kind.RECORD_IDENTIFIER);
                g.expect(at + ".value", Kind.IDENTITY_NUMBER);
                c.addIdentifier().setSystem(Systems.RECORD_ID).setValue("SE2321000016-EMI1/" + g.number());
            }
            case 4 -> {
                String at = "Communication.about[" + c.getAbout().size() + "]";
                g.expect(at, Kind.REFERENCE);
                g.expect(at + ".identifier", Kind.IDENTITY_IDENTIFIER);
                c.addAbout(new Reference().setType("Patient").setIdentifier(new Identifier()
                        .setSystem(Systems.PERSONNUMMER).setValue(g.number())));
            }
            case 5 -> {
                g.expect("Communication.contained[0].name[" + g.child().getName().size() + "]", Kind.NAME);
                g.child().addName().setFamily(g.word("family name")).addGiven(g.word("given name"));
            }
            case 6 -> {
                g.expect("Communication.contained[0].address[" + g.child().getAddress().size() + "]", Kind.ADDRESS);
                g.child().addAddress().addLine(g.word("street") + "vägen 3").setCity(g.word("city"));
            }
            case 7 -> {
                g.expect("Communication.contained[0].telecom[" + g.child().getTelecom().size() + "]", Kind.CONTACT_POINT);
                g.child().addTelecom().setValue(g.word("mailbox") + "@example.invalid");
            }
            case 8 -> {
                g.expect("Communication.contained[0].birthDate", Kind.BIRTH_DATE);
                g.child().setBirthDateElement(new DateType(g.date()));
            }
            case 9 -> {
                String at = "Communication.contained[0].identifier[" + g.child().getIdentifier().size() + "]";
                g.expect(at, Kind.IDENTITY_IDENTIFIER);
                g.child().addIdentifier().setSystem(Systems.PERSONNUMMER).setValue(g.number());
            }
            case 10 -> {
                String at = "Communication.contained[" + c.getContained().size() + "]";
                g.expect(at, Kind.RELATED_PERSON);
                g.expect(at + ".name[0]", Kind.NAME);
                g.expect(at + ".identifier[0]", Kind.IDENTITY_IDENTIFIER);
                RelatedPerson guardian = new RelatedPerson();
                guardian.setId("guardian-" + c.getContained().size());
                guardian.addIdentifier().setSystem(Systems.SAMORDNINGSNUMMER).setValue(g.number());
                guardian.addName().setFamily(g.word("guardian's name"));
                guardian.setPatient(new Reference("#child"));
                c.addContained(guardian);
            }
            case 11 -> {
                String at = "Communication.extension[" + c.getExtension().size() + "].valueString";
                g.expect(at, Kind.IDENTITY_NUMBER);
                g.expect(at, Kind.FREE_TEXT);
                c.addExtension("https://ehr.example/fhir/StructureDefinition/note", new StringType("pnr " + g.number()));
            }
            case 12 -> {
                g.expect("Communication.note[" + c.getNote().size() + "].text", Kind.FREE_TEXT);
                c.addNote(new Annotation().setText("Ring " + g.word("guardian's name")));
            }
            case 13 -> {
                String at = g.payload() + ".contentAttachment";
                g.expect(at, Kind.ATTACHMENT);
                g.expect(at + ".data", Kind.IDENTITY_NUMBER);
                c.addPayload().setContent(new Attachment().setContentType("text/plain")
                        .setData(("Elev " + g.number()).getBytes(StandardCharsets.UTF_8)));
            }
            case 14 -> {
                g.expect("Communication.text", Kind.NARRATIVE);
                c.setText(new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED));
                c.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + g.word("name") + "</div>");
            }
            default -> {
                String at = "Communication.inResponseTo[" + c.getInResponseTo().size() + "]";
                g.expect(at, Kind.REFERENCE);
                g.child().addExtension(Systems.REGISTRATION_MUNICIPALITY_EXT, new Coding(Systems.KOMMUNKOD, "0180", null));
                g.expect("Communication.contained[0].extension[" + (g.child().getExtension().size() - 1) + "]",
                        Kind.PATIENT_DETAIL);
                c.addInResponseTo(new Reference("Communication/" + g.word("referral id")));
            }
        }
    }
}
