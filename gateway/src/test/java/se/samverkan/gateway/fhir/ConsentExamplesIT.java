package se.samverkan.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.gateway.consent.TestConsents;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;

/**
 * The HL7 R4 Consent examples and the IHE PCF Basic, Intermediate and Advanced patterns, with Swedish
 * identifiers (fixtures/consent, README there), written through the FHIR face and decided by
 * {@code $consent-decision} as their text says. Each example is about a child of its own.
 */
class ConsentExamplesIT extends GatewayIntegrationTest {

    static final String FIXTURE_STUDENT = "200706084316";
    static final String FIXTURE_CHILD = "201605179033";
    static final String MOTHER = "198402099223";
    static final String FATHER = "198610309315";
    static final String BHV = "SE2321000016-BHV1";
    static final String BUP = "SE2321000016-BUP1";
    static final String AT = "2026-11-23T12:00:00+01:00";
    static final AtomicInteger SERIAL = new AtomicInteger(300);

    /** One question: as which participant, which flow, from and to whom, when, and the code the text implies. */
    record Ask(String client, String flow, String source, String recipientSystem, String recipient, String at,
               String category, String code) {

        static Ask f1(String school, String code) {
            return new Ask("bhv", "F1", BHV, Systems.SKOLENHETSKOD, school, AT, "immunization", code);
        }

        Ask at(String moment) {
            return new Ask(client, flow, source, recipientSystem, recipient, moment, category, code);
        }
    }

    /** @param base the student's earlier consent to everyone (what a withholding is an exception to) */
    record Example(String name, String fixture, boolean base, List<Ask> asks) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Example> examples() {
        return Stream.of(
                new Example("R4 consent-example-basic: OPTIN, no recipient named, permits the transfer",
                        "r4-consent-example-basic", false, List.of(Ask.f1("10000001", "GW-2100"))),
                new Example("R4 consent-example-notOrg: withholds from the organisation it names, from no other",
                        "r4-consent-example-notOrg", true,
                        List.of(Ask.f1("10000001", "GW-2107"), Ask.f1("10000002", "GW-2100"))),
                new Example("R4 consent-example-notThem: withholds from a person the registry cannot resolve: "
                        + "from everyone, reported as unresolved", "r4-consent-example-notThem", true,
                        List.of(Ask.f1("10000001", "GW-2114"))),
                new Example("R4 consent-example-notTime: withholds within its period, not after it",
                        "r4-consent-example-notTime", true,
                        List.of(Ask.f1("10000001", "GW-2103"), Ask.f1("10000001", "GW-2100")
                                .at("2026-12-15T12:00:00+01:00"))),
                new Example("R4 consent-example-Out: OPTOUT from the custodian it names",
                        "r4-consent-example-Out", true, List.of(Ask.f1("10000001", "GW-2107"))),
                new Example("R4 consent-example-grantor: OPTOUT, except what the custodian may give the one grantee",
                        "r4-consent-example-grantor", false,
                        List.of(new Ask("bup", "F3", BUP, Systems.SKOLENHETSKOD, "10000001", AT, "summary", "GW-2100"),
                                new Ask("bup", "F3", BUP, Systems.SKOLENHETSKOD, "10000002", AT, "summary",
                                        "GW-2103"))),
                new Example("IHE PCF Basic permit: TREAT, no recipient named: the transfer, not a referral",
                        "pcf-basic-permit", false, List.of(Ask.f1("10000001", "GW-2100"),
                        new Ask("bhv", "F2", BHV, Systems.HSA_ID, BUP, AT, "summary", "GW-2102"))),
                new Example("IHE PCF Basic deny: refuses treatment purposes", "pcf-basic-deny", false,
                        List.of(Ask.f1("10000001", "GW-2103"))),
                new Example("IHE PCF Intermediate: organisation to organisation only", "pcf-org-to-org", false,
                        List.of(Ask.f1("10000001", "GW-2100"), Ask.f1("10000002", "GW-2102"))),
                new Example("IHE PCF Intermediate: time-limited, expired after its period", "pcf-time-limited", false,
                        List.of(Ask.f1("10000001", "GW-2100"), Ask.f1("10000001", "GW-2108")
                                .at("2027-01-01T12:00:00+01:00"))),
                new Example("IHE PCF Advanced: a permit with a nested deny for psychosocial notes",
                        "pcf-permit-nested-deny", false,
                        List.of(new Ask("bhv", "F2", BHV, Systems.HSA_ID, BUP, AT, "psychosocial", "GW-2103"),
                                new Ask("bhv", "F2", BHV, Systems.HSA_ID, BUP, AT, "summary", "GW-2100"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void isAcceptedByTheFhirFaceAndDecidedAsItsTextSays(Example example) throws IOException {
        boolean student = example.fixture().startsWith("r4-");
        int serial = SERIAL.incrementAndGet();
        String child = student ? TestIds.pnr(LocalDate.of(2007, 3, 1), serial)
                : TestIds.pnr(LocalDate.of(2017, 3, 1), serial);
        IGenericClient client = fhirClient("bhv");
        if (!student) {
            guardian(client, child, MOTHER);
            guardian(client, child, FATHER);
        }
        if (example.base()) {
            Consent base = TestConsents.permit("base", TestIds.id(LocalDate.of(2007, 3, 1), serial),
                    TestIds.id(LocalDate.of(2007, 3, 1), serial)).given(LocalDate.of(2025, 12, 1)).toAnyone()
                    .anyPurpose().build();
            base.setId((String) null);
            base.setMeta(null);
            base.getPerformerFirstRep().setType("Patient");
            client.create().resource(base).execute();
        }
        Consent consent = fixture(example.fixture(), student ? FIXTURE_STUDENT : FIXTURE_CHILD, child);

        // recorded by the organisation that discloses, as a consent that lifts its secrecy is (DOMAIN.md section 6)
        IGenericClient recorder = fhirClient(example.asks().get(0).client());
        assertThat(recorder.create().resource(consent).execute().getCreated()).as("accepted by the FHIR face")
                .isNotEqualTo(Boolean.FALSE);

        for (Ask ask : example.asks()) {
            Parameters out = fhirClient(ask.client()).operation().onServer().named("$consent-decision")
                    .withParameters(parameters(ask, child)).execute();
            assertThat(ConsentDecisionIT.values(out, "code")).as(ask.toString() + " " + ConsentDecisionIT.values(out,
                    "reason")).containsExactly(ask.code());
        }
    }

    static Consent fixture(String name, String fixtureChild, String child) throws IOException {
        try (InputStream in = ConsentExamplesIT.class.getResourceAsStream("/fixtures/consent/" + name + ".json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(fixtureChild, child);
            Consent consent = FhirContext.forR4Cached().newJsonParser().parseResource(Consent.class, text);
            consent.setId((String) null);
            consent.setMeta(null);
            return consent;
        }
    }

    static Parameters parameters(Ask ask, String child) {
        Parameters in = new Parameters();
        in.addParameter("flow", new CodeType(ask.flow()));
        in.addParameter().setName("child").setValue(new Identifier().setSystem(Systems.PERSONNUMMER).setValue(child));
        in.addParameter().setName("source").setValue(new Identifier().setSystem(Systems.HSA_ID).setValue(ask.source()));
        in.addParameter().setName("recipient").setValue(new Identifier().setSystem(ask.recipientSystem())
                .setValue(ask.recipient()));
        in.addParameter("category", new CodeType(ask.category()));
        in.addParameter("time", new DateTimeType(ask.at()));
        return in;
    }

    static void guardian(IGenericClient client, String child, String guardian) {
        RelatedPerson rp = new RelatedPerson();
        rp.addIdentifier().setSystem(Systems.PERSONNUMMER).setValue(guardian);
        rp.setPatient(new Reference().setIdentifier(new Identifier().setSystem(Systems.PERSONNUMMER).setValue(child)));
        rp.addRelationship(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                "GUARD", null)));
        rp.setActive(true);
        client.create().resource(rp).execute();
    }
}
