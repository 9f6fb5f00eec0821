package se.samverkan.gateway.elevhalsa;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.samverkan.gateway.cooperation.IdentifyingContent;
import se.samverkan.gateway.cooperation.RecipientOutcome;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.support.GatewayIntegrationTest;

/**
 * The sample elevhälsa exports (the school's and BUP's) through the batch route, with WireMock standing in for
 * every recipient. The withdrawal runs last: it ends a consent the others rely on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ElevhalsaBatchIT extends GatewayIntegrationTest {

    static final Path SCHOOL_EXPORT = Path.of("../mappings/samples/elevhalsa-batch-small.xml");
    static final Path BUP_EXPORT = Path.of("../mappings/samples/elevhalsa-batch-bup.xml");
    static final String BUP = "SE2321000016-BUP1";
    static final String SOCIAL = "SE2120000142-SOC1";

    private ElevhalsaReport export(Path file) {
        Exchange done = template.send("direct:elevhalsa-batch", e -> e.getIn().setBody(file));
        return done.getProperty(ElevhalsaRoutes.REPORT, ElevhalsaReport.class);
    }

    private static Path copy(Path sample, String name, Map<String, String> replacements) throws IOException {
        String text = Files.readString(sample);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertThat(text).contains(r.getKey());
            text = text.replace(r.getKey(), r.getValue());
        }
        Path dir = Files.createDirectories(WORK.resolve("elevhalsa-input"));
        return Files.writeString(dir.resolve(name), text);
    }

    private static Map<String, ElevhalsaReport.Line> byRecord(ElevhalsaReport report) {
        return report.lines().stream().collect(Collectors.toMap(ElevhalsaReport.Line::recordId, l -> l));
    }

    private static Map<String, RecipientOutcome> recipients(ElevhalsaReport.Line line) {
        return line.recipients().stream().collect(Collectors.toMap(o -> o.recipient().value(), o -> o));
    }

    private static List<LoggedRequest> received(String path) {
        return EMI.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    @Order(1)
    void eachRecordGoesAsItsConsentAllowsEachRecipientGetsItsOwnAndTheReportSaysWhy() throws IOException {
        ElevhalsaReport report = export(copy(SCHOOL_EXPORT, "school.xml", Map.of()));
        Map<String, ElevhalsaReport.Line> lines = byRecord(report);

        assertThat(lines.get("S-2001").result()).isEqualTo("registered");
        RecipientOutcome referral = recipients(lines.get("R-2001")).get(BUP);
        assertThat(referral.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(referral.reason()).contains("stripped (C11): [psychosocial]");
        assertThat(recipients(lines.get("R-2001")).get("guardians").status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(recipients(lines.get("R-2002")).get(BUP).code()).isEqualTo("GW-2104");
        assertThat(recipients(lines.get("I-2301")).get(SOCIAL).status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(recipients(lines.get("I-2302")).get(SOCIAL).code()).isEqualTo("GW-2110");
        assertThat(recipients(lines.get("I-2303")).get(SOCIAL).code()).isEqualTo("GW-2107");
        assertThat(recipients(lines.get("A-2501")).get(INTAKE_MUNICIPALITY).code()).isEqualTo("GW-2111");
        assertThat(recipients(lines.get("A-2502")).get(SOCIAL).code()).isEqualTo("GW-4212");
        assertThat(recipients(lines.get("K-2602")).values()).extracting(RecipientOutcome::code).containsOnly("GW-2112");
        assertThat(recipients(lines.get("P-2701-v1")).keySet())
                .containsExactlyInAnyOrder(BUP, SOCIAL, "10000002", "guardians");

        await().atMost(Duration.ofSeconds(20)).until(() -> received("/org/" + BUP + "/fhir").size() == 4
                && received("/org/" + SOCIAL + "/fhir").size() == 5 && received("/emi/10000002/fhir").size() == 1
                && received("/org/guardians/fhir").size() == 2);
        Communication anonymous = received("/org/" + BUP + "/fhir").stream()
                .map(r -> (Communication) FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class,
                        r.getBodyAsString()).getEntryFirstRep().getResource())
                .filter(c -> !c.hasSubject()).findFirst().orElseThrow();
        assertThat(new IdentifyingContent().find(anonymous)).isEmpty();
        String reportText = Files.readString(WORK.resolve("reports").resolve("school.xml.report.txt"));
        assertThat(reportText).contains("R-2002", "GW-2104").doesNotContain("201403122383", "Exempelsson");
    }

    @Test
    @Order(2)
    void theSameExportReadAgainSendsNothingTwice() throws IOException {
        export(copy(SCHOOL_EXPORT, "school-first.xml", Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from outbox where status = 'PENDING'")
                .query(Long.class).single() == 0);
        resetReceivers();

        ElevhalsaReport again = export(copy(SCHOOL_EXPORT, "school-again.xml", Map.of()));

        RecipientOutcome referral = recipients(byRecord(again).get("R-2001")).get(BUP);
        assertThat(referral.status()).isEqualTo(RecipientOutcome.Status.ALREADY_DELIVERED);
        assertThat(outbox.status(referral.deliveryId())).contains(Outbox.Status.DELIVERED);
        assertThat(received("/org/" + BUP + "/fhir")).isEmpty();
    }

    @Test
    @Order(3)
    void feedbackInBupsOwnExportReachesTheSchoolUnit() throws IOException {
        ElevhalsaReport report = export(copy(BUP_EXPORT, "bup.xml", Map.of()));

        assertThat(recipients(byRecord(report).get("F-2101")).get("10000001").status())
                .isIn(RecipientOutcome.Status.QUEUED, RecipientOutcome.Status.ALREADY_DELIVERED);
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox.status(recipients(byRecord(report).get("F-2101"))
                .get("10000001").deliveryId()).orElseThrow() == Outbox.Status.DELIVERED);
    }

    @Test
    @Order(4)
    void aRecordNotOfItsExportersOwnIsRefusedAndTheRestGoesOn() throws IOException {
        Path file = copy(BUP_EXPORT, "bup-as-school.xml", Map.of(
                "<exportingPrincipal><hsaId>SE2321000016-BUP1</hsaId>",
                "<exportingPrincipal><hsaId>SE2120000001-SKOLA1</hsaId>"));

        ElevhalsaReport.Line line = byRecord(export(file)).get("F-2101");

        assertThat(line.result()).isEqualTo("refused");
        assertThat(line.code()).isEqualTo("GW-1114");
    }

    @Test
    @Order(5)
    void aBadRecordIsRefusedNamingRecordAndFieldAndTheRestGoesOn() throws IOException {
        // the referral's child gets a wrong check digit; the schema lets it through, the mapper does not
        Path file = copy(SCHOOL_EXPORT, "school-bad.xml", Map.of(
                "<referral recordId=\"R-2002\">", "<referral recordId=\"R-2002\"><!-- bad -->"));
        String text = Files.readString(file);
        int at = text.indexOf("<!-- bad -->");
        int number = text.indexOf("<personalIdentityNumber>", at) + "<personalIdentityNumber>".length();
        char last = text.charAt(number + 11);
        Files.writeString(file, text.substring(0, number + 11) + (char) ('0' + (last - '0' + 1) % 10)
                + text.substring(number + 12));

        ElevhalsaReport report = export(file);

        ElevhalsaReport.Line bad = byRecord(report).get("R-2002");
        assertThat(bad.result()).isEqualTo("refused");
        assertThat(bad.code()).isEqualTo("GW-1101");
        assertThat(bad.field()).contains("personalIdentityNumber");
        assertThat(report.lines()).hasSize(16);
        assertThat(byRecord(report).get("R-2001").result()).isEqualTo("routed");
        assertThat(report.text()).doesNotContain(text.substring(number, number + 12));
    }

    @Test
    @Order(6)
    void aFileThatBreaksTheSchemaIsRejectedWholeWithLineAndReason() throws IOException {
        Path file = copy(SCHOOL_EXPORT, "school-broken.xml", Map.of("<flow>F2</flow>", "<flow>F9</flow>"));

        Exchange done = template.send("direct:elevhalsa-batch", e -> e.getIn().setBody(file));

        assertThat(done.getException()).isNotNull();
        String reason = Files.readString(WORK.resolve("rejected").resolve("school-broken.xml.reason.txt"));
        assertThat(reason).contains("GW-1001").containsPattern("line \\d+");
    }

    @Test
    @Order(7)
    void aConsentWithdrawnInALaterExportTellsTheRecipientItEndedAndNothingMoreGoes() throws IOException {
        export(copy(SCHOOL_EXPORT, "school-before-withdrawal.xml", Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from outbox where status = 'PENDING'")
                .query(Long.class).single() == 0);
        resetReceivers();
        Path withdrawal = copy(SCHOOL_EXPORT, "school-withdrawal.xml", Map.of(
                "<validUntil>2027-06-30</validUntil>\n  </consent>",
                "<validUntil>2027-06-30</validUntil>\n    <withdrawn>2026-11-22T10:00:00+01:00</withdrawn>\n  </consent>"));

        ElevhalsaReport report = export(withdrawal);

        assertThat(byRecord(report).get("S-2001").reason()).contains("consent ended");
        assertThat(recipients(byRecord(report).get("R-2001")).get(BUP).code()).isEqualTo("GW-2107");
        await().atMost(Duration.ofSeconds(20)).until(() -> received("/org/" + BUP + "/fhir").stream()
                .anyMatch(r -> r.getBodyAsString().contains("har upphört")));
    }

    @org.springframework.beans.factory.annotation.Autowired
    se.samverkan.gateway.batch.OneShotCommand once;

    @Test
    @Order(8)
    void theOneShotCommandRunsAnElevhalsaExportAndExitsByItsOutcome() throws IOException {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8);

        int good = once.run(copy(BUP_EXPORT, "bup-once.xml", Map.of()), out);
        int broken = once.run(copy(BUP_EXPORT, "bup-once-broken.xml", Map.of("<feedback ", "<fedback ")), out);

        assertThat(good).isEqualTo(se.samverkan.gateway.batch.OneShotCommand.OK);
        assertThat(broken).isEqualTo(se.samverkan.gateway.batch.OneShotCommand.FILE_REJECTED);
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("F-2101", "deliveries now:");
    }
}
