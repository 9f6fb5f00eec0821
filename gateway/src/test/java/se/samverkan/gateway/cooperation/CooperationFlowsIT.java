package se.samverkan.gateway.cooperation;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.DecisionRequest.CasePhase;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.consent.TestConsents;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.security.signature.PayloadSigner;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;

/**
 * Flows F2-F7 end to end through the FHIR face: a participant posts a Communication or a SIP, the gateway decides
 * per recipient and routes, and WireMock stands in for each recipient's system (/org/HSA-ID/fhir, and a school
 * unit's elevhälsa at /emi/SKOLENHETSKOD/fhir).
 */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class CooperationFlowsIT extends GatewayIntegrationTest {

    static final OrganisationId SCHOOL = OrganisationId.hsaId(PARTICIPANTS.get("school")[0]);
    static final OrganisationId SCHOOL_UNIT = OrganisationId.skolenhetskod(SCHOOLS[0]);
    static final OrganisationId BUP = OrganisationId.hsaId(PARTICIPANTS.get("bup")[0]);
    static final OrganisationId BHV = OrganisationId.hsaId(PARTICIPANTS.get("bhv")[0]);
    static final OrganisationId SOCIAL = OrganisationId.hsaId(PARTICIPANTS.get("social-services")[0]);
    static final FhirContext FHIR = FhirContext.forR4Cached();

    /** A child, two guardians with joint custody, on record; a fresh set per test (tests share the database). */
    record Family(PersonalIdentityNumber child, PersonalIdentityNumber mother, PersonalIdentityNumber father) {
    }

    private static int serial = 100;

    private Family family() {
        int n = serial += 3;
        Family f = new Family(TestIds.id(LocalDate.of(2016, 3, 14), n), TestIds.id(LocalDate.of(1985, 6, 2), n),
                TestIds.id(LocalDate.of(1983, 9, 21), n));
        fhirClient("school").create().resource(TestConsents.guardian(null, f.child(), f.mother(), true)).execute();
        fhirClient("school").create().resource(TestConsents.guardian(null, f.child(), f.father(), true)).execute();
        return f;
    }

    /** Both guardians consent to the flow from the source to the recipient. */
    private void consent(Family f, String flow, OrganisationId source, OrganisationId recipient,
                         java.util.function.UnaryOperator<TestConsents.Builder> more) {
        Consent consent = more.apply(TestConsents.permit(null, f.child(), f.mother()).purpose(flow).to(recipient)
                .from(source)).build();
        consent.getPerformer().clear();
        for (PersonalIdentityNumber guardian : List.of(f.mother(), f.father())) {
            consent.addPerformer(new org.hl7.fhir.r4.model.Reference().setType("RelatedPerson")
                    .setIdentifier(TestConsents.identity(guardian)));
        }
        fhirClient("school").create().resource(consent).execute();
    }

    private void consent(Family f, String flow, OrganisationId source, OrganisationId recipient) {
        consent(f, flow, source, recipient, b -> b);
    }

    private static Map<String, OperationOutcome.OperationOutcomeIssueComponent> perRecipient(OperationOutcome answer) {
        return answer.getIssue().stream().collect(Collectors.toMap(i -> i.getLocation().get(0).getValue(), i -> i));
    }

    private static String status(OperationOutcome.OperationOutcomeIssueComponent issue) {
        return issue.getDetails().getCoding().get(0).getCode();
    }

    private static String code(OperationOutcome.OperationOutcomeIssueComponent issue) {
        return issue.getDetails().getCoding().get(1).getCode();
    }

    private static String key(OrganisationId id) {
        return id.system() + "|" + id.value();
    }

    private OperationOutcome send(String participant, Resource resource) {
        var outcome = fhirClient(participant).create().resource(resource).execute();
        return (OperationOutcome) (outcome.getOperationOutcome() != null ? outcome.getOperationOutcome()
                : outcome.getResource());
    }

    private static List<LoggedRequest> receivedBy(OrganisationId participant) {
        return EMI.findAll(postRequestedFor(urlPathEqualTo("/org/" + participant.value() + "/fhir")));
    }

    private static Bundle bundle(LoggedRequest request) {
        return FHIR.newJsonParser().parseResource(Bundle.class, request.getBodyAsString());
    }

    @Test
    void referralWithBothGuardiansConsentIsDeliveredSignedToBupAloneNamingOnlyBup() {
        Family f = family();
        consent(f, "F2", SCHOOL_UNIT, BUP);
        Communication referral = Items.text(Items.communication("F2", "remiss-1", f.child(), SCHOOL_UNIT, BUP),
                "Remiss: koncentrationssvårigheter (syntetisk)", DataCategory.PSYCHOLOGICAL);

        OperationOutcome answer = send("school", referral);

        var issue = perRecipient(answer).get(key(BUP));
        assertThat(status(issue)).as(issue.getDiagnostics()).isEqualTo("delivered");
        List<LoggedRequest> received = receivedBy(BUP);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getHeader(PayloadSigner.HEADER)).isNotBlank();
        Communication delivered = (Communication) bundle(received.get(0)).getEntryFirstRep().getResource();
        assertThat(delivered.getRecipient()).extracting(r -> r.getIdentifier().getValue()).containsExactly(BUP.value());
        assertThat(delivered.getPayloadFirstRep().getContentStringType().getValue()).startsWith("Remiss");
        assertThat(receivedBy(SOCIAL)).isEmpty();
    }

    @Test
    void referralWithoutConsentIsHeldAndNothingReachesBup() {
        Family f = family();
        Communication referral = Items.text(Items.communication("F2", "remiss-2", f.child(), SCHOOL_UNIT, BUP),
                "Remiss (syntetisk)", DataCategory.MEDICAL);

        var issue = perRecipient(send("school", referral)).get(key(BUP));

        assertThat(status(issue)).isEqualTo("held");
        assertThat(code(issue)).isEqualTo("GW-2102");
        assertThat(receivedBy(BUP)).isEmpty();
    }

    @Test
    void referralWhoseConsentCoversOnlySomeCategoriesGoesWithTheRestStripped() {
        Family f = family();
        consent(f, "F2", SCHOOL_UNIT, BUP, b -> b.categories(DataCategory.MEDICAL));
        Communication referral = Items.communication("F2", "remiss-3", f.child(), SCHOOL_UNIT, BUP);
        Items.text(referral, "Medicinskt (syntetisk)", DataCategory.MEDICAL);
        Items.text(referral, "Psykosocialt (syntetisk)", DataCategory.PSYCHOSOCIAL);

        var issue = perRecipient(send("school", referral)).get(key(BUP));

        assertThat(status(issue)).isEqualTo("delivered");
        assertThat(issue.getDetails().getText()).contains("stripped (C11): [psychosocial]");
        Communication delivered = (Communication) bundle(receivedBy(BUP).get(0)).getEntryFirstRep().getResource();
        assertThat(delivered.getPayload()).hasSize(1);
        assertThat(delivered.getPayloadFirstRep().getContentStringType().getValue()).startsWith("Medicinskt");
    }

    @Test
    void feedbackFromBupReachesTheSchoolUnitsElevhalsa() {
        Family f = family();
        consent(f, "F3", BUP, SCHOOL_UNIT);
        Communication feedback = Items.text(Items.communication("F3", "aterkoppling-1", f.child(), BUP, SCHOOL_UNIT),
                "Återkoppling (syntetisk)", DataCategory.SUMMARY);

        var issue = perRecipient(send("bup", feedback)).get(key(SCHOOL_UNIT));

        assertThat(status(issue)).as(issue.getDiagnostics()).isEqualTo("delivered");
        assertThat(EMI.findAll(postRequestedFor(urlPathEqualTo("/emi/" + SCHOOLS[0] + "/fhir")))).hasSize(1);
    }

    @Test
    void informationExchangeGoesInTheVoluntaryPhaseButTheEscalatedCaseNeedsANewConsent() {
        Family f = family();
        consent(f, "F4", SCHOOL_UNIT, SOCIAL, b -> b.phase(CasePhase.VOLUNTARY));
        Communication voluntary = Items.phase(Items.text(Items.communication("F4", "samverkan-1", f.child(),
                SCHOOL_UNIT, SOCIAL), "Samverkan (syntetisk)", DataCategory.PSYCHOSOCIAL), "voluntary");
        Communication escalated = Items.phase(Items.text(Items.communication("F4", "samverkan-2", f.child(),
                SCHOOL_UNIT, SOCIAL), "Utredning (syntetisk)", DataCategory.PSYCHOSOCIAL), "investigation");

        var first = perRecipient(send("school", voluntary)).get(key(SOCIAL));
        var second = perRecipient(send("school", escalated)).get(key(SOCIAL));

        assertThat(status(first)).isEqualTo("delivered");
        assertThat(status(second)).isEqualTo("held");
        assertThat(code(second)).isEqualTo("GW-2110");
        assertThat(receivedBy(SOCIAL)).hasSize(1);
    }

    @Test
    void reportOfConcernReachesTheIntakeUnitOfTheChildsMunicipalityDespiteARefusal() {
        Family f = family();
        fhirClient("school").create().resource(TestConsents.refusal(null, f.child(), f.mother()).purpose("F5")
                .to(SOCIAL).performer(new org.hl7.fhir.r4.model.Reference().setType("RelatedPerson")
                        .setIdentifier(TestConsents.identity(f.mother()))).build()).execute();
        Communication report = Items.flag(Items.text(Items.communication("F5", "oro-1", f.child(), SCHOOL_UNIT),
                "Orosanmälan (syntetisk)", DataCategory.PSYCHOSOCIAL), "violence");

        var issue = perRecipient(send("school", report)).get(key(OrganisationId.kommunkod(INTAKE_MUNICIPALITY)));

        assertThat(status(issue)).as(issue.getDiagnostics()).isEqualTo("delivered");
        assertThat(code(issue)).isEqualTo("GW-2111");
        assertThat(receivedBy(SOCIAL)).hasSize(1);
    }

    @Test
    void reportOfConcernWithNoIntakeUnitIsHeldForManualRoutingAndKept() {
        Family f = family();
        Communication report = Items.text(Items.communication("F5", "oro-2", f.child(), SCHOOL_UNIT,
                OrganisationId.kommunkod("2584")), "Orosanmälan (syntetisk)", DataCategory.PSYCHOSOCIAL);

        var issue = perRecipient(send("school", report)).get(key(OrganisationId.kommunkod("2584")));

        assertThat(status(issue)).isEqualTo("held");
        assertThat(code(issue)).isEqualTo("GW-4211");
        String delivery = issue.getDiagnostics().replaceAll(".*\\(delivery ([0-9a-f-]+)\\)$", "$1");
        assertThat(outbox.status(java.util.UUID.fromString(delivery))).contains(Outbox.Status.HELD);
        assertThat(receivedBy(SOCIAL)).isEmpty();
    }

    @Test
    void anonymousConsultationGoesWithoutConsentAndNothingInItIdentifiesTheChild() {
        Communication consultation = Items.anonymousConsultation("konsultation-1", SCHOOL_UNIT, BUP, SOCIAL);

        Map<String, OperationOutcome.OperationOutcomeIssueComponent> answer = perRecipient(send("school", consultation));

        assertThat(answer.values()).extracting(CooperationFlowsIT::status).containsOnly("delivered");
        for (OrganisationId recipient : List.of(BUP, SOCIAL)) {
            Communication received = (Communication) bundle(receivedBy(recipient).get(0)).getEntryFirstRep()
                    .getResource();
            assertThat(new IdentifyingContent().find(received)).isEmpty();
        }
    }

    @Test
    void identifiedConsultationWithoutConsentGoesAnonymisedOnly() {
        Family f = family();
        Communication consultation = Items.text(Items.communication("F6", "konsultation-2", f.child(), SCHOOL_UNIT,
                BUP), "Fritext med namn " + Items.SURNAME + " (syntetisk)", DataCategory.PSYCHOSOCIAL);
        Items.deIdentified(consultation, "Avidentifierad fråga (syntetisk)");

        var issue = perRecipient(send("school", consultation)).get(key(BUP));

        assertThat(status(issue)).as(issue.getDiagnostics()).isEqualTo("delivered");
        assertThat(issue.getDetails().getText()).contains("anonymised (C7)");
        String body = receivedBy(BUP).get(0).getBodyAsString();
        assertThat(body).doesNotContain(f.child().value(), Items.SURNAME, f.child().birthDate().toString());
        Communication received = (Communication) FHIR.newJsonParser().parseResource(Bundle.class, body)
                .getEntryFirstRep().getResource();
        assertThat(new IdentifyingContent().find(received)).isEmpty();
    }

    @Test
    void consultationMarkedAnonymousThatCarriesAnIdentityNumberIsRefusedNamingTheField() {
        Family f = family();
        Communication consultation = Items.anonymousConsultation("konsultation-3", SCHOOL_UNIT, BUP);
        consultation.addPayload().setContent(new org.hl7.fhir.r4.model.StringType("gäller " + f.child().value()));

        assertThatThrownBy(() -> send("school", consultation))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("GW-4205")
                .hasMessageContaining("payload[2]");
        assertThat(receivedBy(BUP)).isEmpty();
    }

    @Test
    void sipWithThreePrincipalsReachesEveryOtherPrincipalAndNoOneElse() {
        Family f = family();
        for (OrganisationId recipient : List.of(BUP, SOCIAL, BHV)) {
            consent(f, "F7", SCHOOL_UNIT, recipient);
        }
        CarePlan plan = Items.sip("sip-1", f.child(), SCHOOL_UNIT, BUP, SOCIAL);

        Map<String, OperationOutcome.OperationOutcomeIssueComponent> answer = perRecipient(send("school", plan));

        assertThat(answer.keySet()).containsExactlyInAnyOrder(key(BUP), key(SOCIAL), key(GUARDIANS));
        assertThat(answer.values()).extracting(CooperationFlowsIT::status).containsOnly("delivered");
        assertThat(receivedBy(BUP)).hasSize(1);
        assertThat(receivedBy(SOCIAL)).hasSize(1);
        assertThat(receivedBy(BHV)).isEmpty();
        CarePlan delivered = (CarePlan) bundle(receivedBy(BUP).get(0)).getEntryFirstRep().getResource();
        assertThat(delivered.getActivity()).hasSize(2);
    }

    @Test
    void participantRemovedFromTheSipGetsNothingFurther() {
        Family f = family();
        for (OrganisationId recipient : List.of(BUP, SOCIAL)) {
            consent(f, "F7", SCHOOL_UNIT, recipient);
        }
        send("school", Items.sip("sip-2", f.child(), SCHOOL_UNIT, BUP, SOCIAL));
        resetReceivers();

        Map<String, OperationOutcome.OperationOutcomeIssueComponent> answer =
                perRecipient(send("school", Items.sip("sip-2", f.child(), SCHOOL_UNIT, BUP)));

        assertThat(answer.keySet()).containsExactlyInAnyOrder(key(BUP), key(GUARDIANS));
        assertThat(receivedBy(BUP)).hasSize(1);
        assertThat(receivedBy(SOCIAL)).isEmpty();
    }

    static final OrganisationId GUARDIANS = Notices.GUARDIANS;

    @Test
    void guardiansGetAReceiptForAReferralButNoneWhileTheChildIsFlaggedUntilSocialServicesClearIt() {
        Family f = family();
        consent(f, "F2", SCHOOL_UNIT, BUP);
        send("school", Items.flag(Items.text(Items.communication("F5", "oro-3", f.child(), SCHOOL_UNIT),
                "Orosanmälan (syntetisk)", DataCategory.PSYCHOSOCIAL), "honour-related"));
        resetReceivers();

        var flagged = perRecipient(send("school", Items.text(Items.communication("F2", "remiss-7", f.child(),
                SCHOOL_UNIT, BUP), "Remiss (syntetisk)", DataCategory.MEDICAL)));
        assertThat(status(flagged.get(key(BUP)))).isEqualTo("delivered");
        assertThat(status(flagged.get(key(GUARDIANS)))).isEqualTo("held");
        assertThat(code(flagged.get(key(GUARDIANS)))).isEqualTo("GW-2109");
        assertThat(receivedBy(GUARDIANS)).isEmpty();

        assertThatThrownBy(() -> clearFlags("school", f.child())).isInstanceOf(ForbiddenOperationException.class);
        clearFlags("social-services", f.child());
        var cleared = perRecipient(send("school", Items.text(Items.communication("F2", "remiss-8", f.child(),
                SCHOOL_UNIT, BUP), "Remiss (syntetisk)", DataCategory.MEDICAL)));

        assertThat(status(cleared.get(key(GUARDIANS)))).as(cleared.get(key(GUARDIANS)).getDiagnostics())
                .isEqualTo("delivered");
        Communication receipt = (Communication) bundle(receivedBy(GUARDIANS).get(0)).getEntryFirstRep().getResource();
        assertThat(receipt.getRecipient()).extracting(r -> r.getIdentifier().getValue())
                .containsExactlyInAnyOrder(f.mother().value(), f.father().value());
    }

    @Test
    void anotherPrincipalCannotTakeOverTheSipAndRemoveItsStarter() {
        Family f = family();
        for (OrganisationId recipient : List.of(BUP, SOCIAL)) {
            consent(f, "F7", SCHOOL_UNIT, recipient);
        }
        send("school", Items.sip("sip-9", f.child(), SCHOOL_UNIT, BUP, SOCIAL));
        resetReceivers();

        CarePlan takeover = Items.sip("sip-9", f.child(), BUP, SOCIAL);
        takeover.getIdentifierFirstRep().setValue(SCHOOL_UNIT.value() + "/sip-9");
        assertThatThrownBy(() -> send("bup", takeover)).isInstanceOf(ForbiddenOperationException.class)
                .hasMessageContaining("GW-6012");
        CarePlan outsider = Items.sip("sip-9", f.child(), SOCIAL, BUP);
        outsider.getIdentifierFirstRep().setValue(SCHOOL_UNIT.value() + "/sip-9");
        assertThatThrownBy(() -> send("social-services", outsider)).as("a principal in the plan, not its starter")
                .isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("GW-6012");

        assertThat(receivedBy(BUP)).isEmpty();
        assertThat(receivedBy(SOCIAL)).isEmpty();
        var update = perRecipient(send("school", Items.sip("sip-9", f.child(), SCHOOL_UNIT, BUP)));
        assertThat(update.keySet()).as("the starter still decides").contains(key(BUP));
    }

    @Test
    void anotherMunicipalitysIntakeUnitNeitherSeesNorClearsTheChildsConcernFlags() {
        Family f = family();
        send("school", Items.flag(Items.text(Items.communication("F5", "oro-9", f.child(), SCHOOL_UNIT),
                "Orosanmälan (syntetisk)", DataCategory.PSYCHOSOCIAL), "violence"));

        org.hl7.fhir.r4.model.Parameters other = flags("social-services-0181", f.child(), true);
        assertThat(other.getParameter("flag")).isNull();
        assertThat(((org.hl7.fhir.r4.model.IntegerType) other.getParameter("cleared").getValue()).getValue())
                .isZero();
        assertThat(flags("social-services", f.child(), false).getParameters("flag"))
                .extracting(p -> p.getValue().primitiveValue()).containsExactly("violence");
        assertThatThrownBy(() -> flags("bup", f.child(), false)).isInstanceOf(ForbiddenOperationException.class);
    }

    private org.hl7.fhir.r4.model.Parameters flags(String participant, PersonalIdentityNumber child, boolean clear) {
        org.hl7.fhir.r4.model.Parameters in = new org.hl7.fhir.r4.model.Parameters();
        in.addParameter().setName("child").setValue(TestConsents.identity(child));
        in.addParameter().setName("clear").setValue(new org.hl7.fhir.r4.model.BooleanType(clear));
        return fhirClient(participant).operation().onServer().named("$concern-flags").withParameters(in).execute();
    }

    private void clearFlags(String participant, PersonalIdentityNumber child) {
        flags(participant, child, true);
    }

    @Test
    void whenTheConsentIsWithdrawnTheRecipientIsToldItEndedAndTheGuardiansGetAReceipt() {
        Family f = family();
        Consent consent = TestConsents.permit(null, f.child(), f.mother()).purpose("F2").to(BUP).from(SCHOOL_UNIT)
                .build();
        consent.getPerformer().clear();
        for (PersonalIdentityNumber guardian : List.of(f.mother(), f.father())) {
            consent.addPerformer(new org.hl7.fhir.r4.model.Reference().setType("RelatedPerson")
                    .setIdentifier(TestConsents.identity(guardian)));
        }
        var created = fhirClient("school").create().resource(consent).execute().getId();
        send("school", Items.text(Items.communication("F2", "remiss-9", f.child(), SCHOOL_UNIT, BUP),
                "Remiss (syntetisk)", DataCategory.MEDICAL));
        resetReceivers();

        fhirClient("school").operation().onInstance(created.toUnqualifiedVersionless()).named("$withdraw")
                .withNoParameters(org.hl7.fhir.r4.model.Parameters.class).execute();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> receivedBy(BUP).size() == 1 && receivedBy(GUARDIANS).size() == 1);
        Communication notice = (Communication) bundle(receivedBy(BUP).get(0)).getEntryFirstRep().getResource();
        assertThat(notice.getPayloadFirstRep().getContentStringType().getValue()).contains("har upphört");
        var after = perRecipient(send("school", Items.text(Items.communication("F2", "remiss-10", f.child(),
                SCHOOL_UNIT, BUP), "Remiss (syntetisk)", DataCategory.MEDICAL)));
        assertThat(code(after.get(key(BUP)))).isEqualTo("GW-2107");
    }

    @Test
    void routingEveryKindOfItemLogsNoIdentityNumber(org.springframework.boot.test.system.CapturedOutput output) {
        Family f = family();
        consent(f, "F2", SCHOOL_UNIT, BUP);
        send("school", Items.text(Items.communication("F2", "remiss-11", f.child(), SCHOOL_UNIT, BUP),
                "Remiss (syntetisk)", DataCategory.MEDICAL));
        send("school", Items.flag(Items.text(Items.communication("F5", "oro-4", f.child(), SCHOOL_UNIT,
                OrganisationId.kommunkod("2584")), "Orosanmälan (syntetisk)", DataCategory.PSYCHOSOCIAL), "threats"));
        send("school", Items.text(Items.communication("F6", "konsultation-4", f.child(), SCHOOL_UNIT, BUP),
                "Fråga (syntetisk)", DataCategory.PSYCHOSOCIAL));
        Communication marked = Items.anonymousConsultation("konsultation-5", SCHOOL_UNIT, BUP);
        marked.addPayload().setContent(new org.hl7.fhir.r4.model.StringType("gäller " + f.child().value()));
        assertThatThrownBy(() -> send("school", marked)).isInstanceOf(UnprocessableEntityException.class);
        send("school", Items.sip("sip-3", f.child(), SCHOOL_UNIT, BUP, SOCIAL));

        assertThat(output.getAll()).contains("F2 ", "F5 ", "F7 ");
        assertThat(se.samverkan.gateway.support.LogScan.identityNumbers(output.getAll()))
                .as("identity numbers in the application log").isEmpty();
    }

    @Test
    void aParticipantCannotSendAsAnother() {
        Family f = family();
        Communication referral = Items.text(Items.communication("F2", "remiss-4", f.child(), SCHOOL_UNIT, BUP),
                "Remiss (syntetisk)", DataCategory.MEDICAL);

        assertThatThrownBy(() -> send("bhv", referral)).isInstanceOf(ForbiddenOperationException.class)
                .hasMessageContaining("GW-6003");
    }

    @Test
    void transactionOfTwoItemsAnswersPerEntryAndPerRecipient() {
        Family f = family();
        consent(f, "F2", SCHOOL_UNIT, BUP);
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().setResource(Items.text(Items.communication("F2", "remiss-5", f.child(), SCHOOL_UNIT,
                BUP), "Remiss (syntetisk)", DataCategory.MEDICAL)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Communication");
        transaction.addEntry().setResource(Items.text(Items.communication("F2", "remiss-6", f.child(), SCHOOL_UNIT,
                OrganisationId.hsaId("SE0000000000-OKAND")), "Remiss (syntetisk)", DataCategory.MEDICAL)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Communication");

        Bundle response = fhirClient("school").transaction().withBundle(transaction).execute();

        assertThat(response.getEntry()).hasSize(2);
        var first = (OperationOutcome) response.getEntry().get(0).getResponse().getOutcome();
        var second = (OperationOutcome) response.getEntry().get(1).getResponse().getOutcome();
        assertThat(status(first.getIssueFirstRep())).isEqualTo("delivered");
        assertThat(code(second.getIssueFirstRep())).isEqualTo("GW-4210");
        assertThat(receivedBy(BUP)).hasSize(1);
    }
}
