package se.samverkan.gateway.access;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.consent.TestConsents;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;
import se.samverkan.gateway.support.TestTls;

/**
 * Who may see and change what on the FHIR face (DOMAIN.md section 6), tried as the participants would over mutual
 * TLS with the test PKI: for every row, the participant that must be refused and the one that must be allowed, and
 * every read and write found again in the child's trail with its actor.
 */
class AccessPolicyIT extends GatewayIntegrationTest {

    static final OrganisationId BHV = OrganisationId.hsaId(PARTICIPANTS.get("bhv")[0]);
    static final OrganisationId BUP = OrganisationId.hsaId(PARTICIPANTS.get("bup")[0]);
    static final OrganisationId SCHOOL_UNIT = OrganisationId.skolenhetskod(SCHOOLS[0]);

    private static int serial = 400;

    record Family(PersonalIdentityNumber child, PersonalIdentityNumber mother, PersonalIdentityNumber father) {
    }

    /** A child with two guardians with custody, as BHV records them; a new one per test. */
    private Family family() {
        int n = serial += 3;
        Family f = new Family(TestIds.id(LocalDate.of(2020, 4, 11), n), TestIds.id(LocalDate.of(1986, 2, 3), n),
                TestIds.id(LocalDate.of(1984, 8, 9), n));
        fhirClient("bhv").create().resource(TestConsents.guardian(null, f.child(), f.mother(), true)).execute();
        fhirClient("bhv").create().resource(TestConsents.guardian(null, f.child(), f.father(), true)).execute();
        return f;
    }

    /** BHV records a consent of the mother (only) for F1 from BHV to the school unit. */
    private IIdType bhvConsent(Family f) {
        return fhirClient("bhv").create().resource(f1(f.child(), f.mother())).execute().getId()
                .toUnqualifiedVersionless();
    }

    /** A guardian's consent to F1 from BHV to the school unit, its performer typed as the FHIR face requires. */
    private static Consent f1(PersonalIdentityNumber child, PersonalIdentityNumber guardian) {
        Consent consent = TestConsents.permit(null, child, guardian).purpose("F1").from(BHV).to(SCHOOL_UNIT).build();
        consent.getPerformer().forEach(p -> p.setType("RelatedPerson"));
        return consent;
    }

    private <T extends org.hl7.fhir.r4.model.Resource> List<T> search(String participant, Class<T> type,
                                                                       PersonalIdentityNumber child) {
        Bundle found = fhirClient(participant).search().byUrl(type.getSimpleName() + "?patient.identifier="
                + Systems.identitySystem(child) + "|" + child.value()).returnBundle(Bundle.class).execute();
        return found.getEntry().stream().map(e -> type.cast(e.getResource())).toList();
    }

    private HttpResponse<String> get(String participant, String path) throws Exception {
        return https(participant).send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> operator(String path, String json, String accept) throws Exception {
        HttpClient client = https(TLS.files().participant(TestTls.OPERATOR.name()));
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @BeforeEach
    void receivers() {
        resetReceivers();
    }

    @Test
    void aSearchThatNamesNoChildIsRefusedWith400ForEveryRegistryType() throws Exception {
        for (String type : List.of("Consent", "RelatedPerson", "AuditEvent")) {
            HttpResponse<String> answer = get("bup", "/fhir/" + type);
            assertThat(answer.statusCode()).as(type).isEqualTo(400);
            assertThat(answer.body()).as(type).contains("OperationOutcome").contains("GW-6011");
        }
        HttpResponse<String> status = get("bup", "/fhir/Consent?status=active");
        assertThat(status.statusCode()).isEqualTo(400);
    }

    @Test
    void theRegistryCannotBeListedThroughItsHistory() throws Exception {
        Family f = family();
        bhvConsent(f);
        for (String path : List.of("/fhir/Consent/_history", "/fhir/_history", "/fhir/RelatedPerson/_history")) {
            HttpResponse<String> answer = get("bup", path);
            assertThat(answer.statusCode()).as(path).isBetween(400, 405);
            assertThat(answer.body()).as(path).doesNotContain(f.child().value());
        }
    }

    @Test
    void aConsentIsSeenByItsRecorderAndTheParticipantsItNamesAndNoOneElse() {
        Family f = family();
        IIdType id = bhvConsent(f);

        assertThat(search("bhv", Consent.class, f.child())).hasSize(1);
        assertThat(search("school", Consent.class, f.child())).as("named by skolenhetskod").hasSize(1);
        assertThat(fhirClient("school").read().resource(Consent.class).withId(id).execute().getIdElement()
                .getIdPart()).isEqualTo(id.getIdPart());
        assertThat(search("bup", Consent.class, f.child())).isEmpty();
        assertThat(search("social-services", Consent.class, f.child())).isEmpty();

        IGenericClient bup = fhirClient("bup");
        String refused = refusal(() -> bup.read().resource(Consent.class).withId(id).execute());
        String missing = refusal(() -> bup.read().resource(Consent.class).withId("no-such-consent").execute());
        assertThat(refused).contains("GW-6010").isEqualTo(missing);
        assertThat(refusal(() -> bup.read().resource(Consent.class).withId(id.withVersion("1")).execute()))
                .contains("GW-6010");
        assertThat(refusal(() -> bup.history().onInstance(id).returnBundle(Bundle.class).execute()))
                .contains("GW-6010");
    }

    @Test
    void aGuardianIsSeenByItsRecorderAndThoseThatRelyOnItForTheChild() {
        Family f = family();
        assertThat(search("bup", RelatedPerson.class, f.child())).isEmpty();
        assertThat(search("school", RelatedPerson.class, f.child())).as("not yet named in a consent").isEmpty();
        bhvConsent(f);

        List<RelatedPerson> bhv = search("bhv", RelatedPerson.class, f.child());
        assertThat(bhv).hasSize(2);
        assertThat(search("school", RelatedPerson.class, f.child())).as("named in BHV's consent").hasSize(2);
        assertThat(search("bup", RelatedPerson.class, f.child())).isEmpty();
        assertThat(refusal(() -> fhirClient("bup").read().resource(RelatedPerson.class)
                .withId(bhv.get(0).getIdElement().toUnqualifiedVersionless()).execute())).contains("GW-6010");
    }

    @Test
    void anotherParticipantCannotRecordAConsentInTheRecordersName() {
        Family f = family();
        Consent forged = f1(f.child(), f.mother());
        forged.addOrganization(TestConsents.organisation(BHV));

        assertThat(refusal(() -> fhirClient("bup").create().resource(forged).execute())).contains("GW-6010");
        assertThat(search("bhv", Consent.class, f.child())).isEmpty();
    }

    @Test
    void anotherParticipantCannotChangeOrWithdrawAConsentAndNoOneIsToldItEnded() {
        Family f = family();
        IIdType id = bhvConsent(f);
        Consent changed = fhirClient("bhv").read().resource(Consent.class).withId(id).execute();
        changed.getProvision().getActorFirstRep().getReference().getIdentifier().setValue(SCHOOLS[1]);

        assertThat(refusal(() -> fhirClient("bup").update().resource(changed).execute())).contains("GW-6010");
        assertThat(refusal(() -> fhirClient("school").operation().onInstance(id).named("$withdraw")
                .withNoParameters(Parameters.class).execute())).contains("GW-6010");

        Consent now = fhirClient("bhv").read().resource(Consent.class).withId(id).execute();
        assertThat(now.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(now.getMeta().getVersionId()).isEqualTo("1");
        assertThat(EMI.findAll(postRequestedFor(urlPathMatching("/(emi|org)/.*")))).as("no receipt, no notice")
                .isEmpty();
    }

    @Test
    void anotherParticipantCannotLoosenCustody() {
        Family f = family();
        bhvConsent(f);
        assertThat(decision(f)).as("the father has not consented").isEqualTo("deny");
        RelatedPerson father = search("bhv", RelatedPerson.class, f.child()).stream()
                .filter(rp -> rp.getIdentifierFirstRep().getValue().equals(f.father().value())).findFirst().orElseThrow();

        father.setActive(false);
        assertThat(refusal(() -> fhirClient("social-services").update().resource(father).execute()))
                .contains("GW-6010");
        fhirClient("social-services").create().resource(TestConsents.guardian(null, f.child(), f.father(), false))
                .execute();

        assertThat(decision(f)).as("custody counts while any recording organisation says so").isEqualTo("deny");
    }

    @Test
    void aConsentRecordedByAnOrganisationOutsideTheFlowDeliversNothing() throws Exception {
        String sample = java.nio.file.Files.readString(SAMPLE);
        int at = sample.indexOf("<child recordId=\"R-1002\"");
        String original = sample.substring(sample.indexOf("<personalIdentityNumber>", at) + 24).substring(0, 12);
        int first = sample.indexOf("<guardian>", at);
        int second = sample.indexOf("<guardian>", first + 1);
        String mother = numberAfter(sample, first);
        String father = numberAfter(sample, second);
        PersonalIdentityNumber child = TestIds.id(LocalDate.of(2021, 3, 17), serial += 3);
        java.nio.file.Path file = sampleCopy("forged-by-bup", java.util.Map.of(original, child.value()));
        for (String guardian : List.of(mother, father)) {
            fhirClient("bup").create().resource(f1(child, PersonalIdentityNumber.parse(guardian))).execute();
        }

        se.samverkan.gateway.batch.BatchRun run = settled(run(file));

        se.samverkan.gateway.batch.RecordResult forged = run.results().stream()
                .filter(r -> r.recordId().equals("R-1002")).findFirst().orElseThrow();
        assertThat(forged.outcome()).isEqualTo(se.samverkan.gateway.batch.Outcome.HELD);
        assertThat(forged.code()).isEqualTo("GW-2102");
    }

    @Test
    void theDecisionNamesOnlyTheConsentsTheCallerMayRead() {
        Family f = family();
        List<String> ids = new java.util.ArrayList<>();
        for (PersonalIdentityNumber guardian : List.of(f.mother(), f.father())) {
            Consent consent = TestConsents.permit(null, f.child(), guardian).purpose("F1").to(SCHOOL_UNIT).build();
            consent.getPerformer().forEach(p -> p.setType("RelatedPerson"));
            ids.add(fhirClient("school").create().resource(consent).execute().getId().getIdPart());
        }

        Parameters answer = ask(f, "bhv");

        assertThat(answer.getParameter("decision").getValue().primitiveValue()).isEqualTo("permit");
        assertThat(answer.getParameters("consent")).as("recorded by the school, not naming BHV").isEmpty();
        String all = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(answer);
        ids.forEach(id -> assertThat(all).doesNotContain(id));
    }

    private static String numberAfter(String sample, int from) {
        int start = sample.indexOf("<personalIdentityNumber>", from) + "<personalIdentityNumber>".length();
        return sample.substring(start, start + 12);
    }

    private String decision(Family f) {
        return ask(f, "bhv").getParameter("decision").getValue().primitiveValue();
    }

    private Parameters ask(Family f, String participant) {
        Parameters in = new Parameters();
        in.addParameter().setName("flow").setValue(new org.hl7.fhir.r4.model.CodeType("F1"));
        in.addParameter().setName("child").setValue(TestConsents.identity(f.child()));
        in.addParameter().setName("source").setValue(new org.hl7.fhir.r4.model.Identifier()
                .setSystem(BHV.system()).setValue(BHV.value()));
        in.addParameter().setName("recipient").setValue(new org.hl7.fhir.r4.model.Identifier()
                .setSystem(SCHOOL_UNIT.system()).setValue(SCHOOL_UNIT.value()));
        return fhirClient(participant).operation().onServer().named("$consent-decision").withParameters(in)
                .execute();
    }

    @Test
    void anAuditEventIsSeenOnlyByTheParticipantsThatTookPart() {
        Family f = family();
        IIdType id = bhvConsent(f);
        fhirClient("bhv").read().resource(Consent.class).withId(id).execute();

        List<AuditEvent> bhv = search("bhv", AuditEvent.class, f.child());
        assertThat(bhv).isNotEmpty();
        assertThat(search("social-services", AuditEvent.class, f.child())).isEmpty();
        assertThat(refusal(() -> fhirClient("social-services").read().resource(AuditEvent.class)
                .withId(bhv.get(0).getIdElement().toUnqualifiedVersionless()).execute())).contains("GW-6010");
    }

    @Test
    void theAuditTrailCannotBeWrittenFromOutside() {
        Family f = family();
        bhvConsent(f);
        AuditEvent event = search("bhv", AuditEvent.class, f.child()).get(0);
        event.setOutcomeDesc("rewritten");
        assertThatThrownBy(() -> fhirClient("bhv").update().resource(event).execute())
                .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class);
        assertThatThrownBy(() -> fhirClient("bhv").create().resource(new AuditEvent()).execute())
                .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class);
        assertThat(search("bhv", AuditEvent.class, f.child())).noneMatch(e -> "rewritten".equals(e.getOutcomeDesc()));
    }

    @Test
    void anUpdateAgainstAStaleVersionIsRefusedWith412() {
        Family f = family();
        IIdType id = bhvConsent(f);
        Consent first = fhirClient("bhv").read().resource(Consent.class).withId(id).execute();
        Consent second = first.copy();
        second.getProvision().getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2027-12-31"));
        fhirClient("bhv").update().resource(second).withId(id).execute();

        first.getProvision().getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2030-12-31"));
        assertThatThrownBy(() -> fhirClient("bhv").update().resource(first).withId(id.withVersion("1")).execute())
                .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("GW-6014");
        assertThat(fhirClient("bhv").read().resource(Consent.class).withId(id).execute().getMeta().getVersionId())
                .isEqualTo("2");
    }

    @Test
    void aWithdrawnConsentCannotBeMadeActiveAgain() {
        Family f = family();
        IIdType id = bhvConsent(f);
        Consent before = fhirClient("bhv").read().resource(Consent.class).withId(id).execute();
        fhirClient("bhv").operation().onInstance(id).named("$withdraw").withNoParameters(Parameters.class).execute();

        assertThatThrownBy(() -> fhirClient("bhv").update().resource(before).withId(id.withVersion("1")).execute())
                .as("a version-aware update made before the withdrawal")
                .isInstanceOfAny(PreconditionFailedException.class, ResourceVersionConflictException.class);
        assertThatThrownBy(() -> fhirClient("bhv").update().resource(before).withId(id).execute())
                .isInstanceOf(ResourceVersionConflictException.class).hasMessageContaining("GW-6013");
        assertThat(fhirClient("bhv").read().resource(Consent.class).withId(id).execute().getStatus())
                .isEqualTo(Consent.ConsentState.INACTIVE);
    }

    @Test
    void everyReadSearchAndWriteIsInTheChildsTrailWithItsActor() throws Exception {
        Family f = family();
        IIdType id = bhvConsent(f);
        fhirClient("school").read().resource(Consent.class).withId(id).execute();
        search("bup", Consent.class, f.child());
        Consent changed = fhirClient("bhv").read().resource(Consent.class).withId(id).execute();
        changed.getProvision().getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2027-12-31"));
        fhirClient("bhv").update().resource(changed).execute();

        HttpResponse<String> trail = operator("/admin/trail", "{\"child\":\"" + f.child().value() + "\"}",
                "application/json");
        assertThat(trail.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode entries = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(trail.body()).get("entries");
        List<String> lines = new java.util.ArrayList<>();
        entries.forEach(e -> lines.add(e.get("event").asText() + " by " + e.get("by").asText()));
        assertThat(lines).contains(
                "create by " + BHV.value(),
                "read by " + PARTICIPANTS.get("school")[0],
                "search-type by " + BUP.value(),
                "update by " + BHV.value());

        HttpResponse<String> page = operator("/admin/trail", "{\"child\":\"" + f.child().value() + "\"}",
                "text/html");
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Registerutdrag").contains(BUP.value());
    }

    @Test
    void anOperatorWithdrawsAConsentOnAGuardiansRequestAndTheReasonIsKept() throws Exception {
        Family f = family();
        IIdType id = bhvConsent(f);

        assertThat(operator("/admin/consents/" + id.getIdPart() + "/withdraw", "{}", "application/json")
                .body()).contains("GW-6021");
        HttpResponse<String> withdrawn = operator("/admin/consents/" + id.getIdPart() + "/withdraw",
                "{\"reason\":\"vårdnadshavarens begäran per telefon\"}", "application/json");
        assertThat(withdrawn.statusCode()).isEqualTo(200);
        HttpResponse<String> asParticipant = https("bhv").send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/admin/consents/" + id.getIdPart() + "/withdraw")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asParticipant.statusCode()).isEqualTo(403);

        Consent now = fhirClient("bhv").read().resource(Consent.class).withId(id).execute();
        assertThat(now.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(now.getMeta().getSource()).startsWith("urn:samverkan:operator:");
        String trail = operator("/admin/trail", "{\"child\":\"" + f.child().value() + "\"}", "text/html").body();
        assertThat(trail).contains("vårdnadshavarens begäran per telefon");
    }

    @Test
    void searchesAnswerInBoundedPages() {
        PersonalIdentityNumber child = TestIds.id(LocalDate.of(2020, 9, 9), serial += 3);
        PersonalIdentityNumber mother = TestIds.id(LocalDate.of(1988, 1, 1), serial);
        for (int i = 0; i < 25; i++) {
            fhirClient("bhv").create().resource(f1(child, mother)).execute();
        }
        Bundle first = fhirClient("bhv").search().byUrl("Consent?patient.identifier=" + Systems.identitySystem(child)
                + "|" + child.value()).returnBundle(Bundle.class).execute();
        assertThat(first.getEntry()).hasSize(20);
        assertThat(first.getLink(Bundle.LINK_NEXT)).isNotNull();
        Bundle next = fhirClient("bhv").loadPage().next(first).execute();
        assertThat(next.getEntry()).hasSize(5);
        Bundle asked = fhirClient("bhv").search().byUrl("Consent?_count=1000&patient.identifier="
                + Systems.identitySystem(child) + "|" + child.value()).returnBundle(Bundle.class).execute();
        assertThat(asked.getEntry()).hasSizeLessThanOrEqualTo(100);
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
        } catch (ForbiddenOperationException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected 403");
    }
}
