package se.samverkan.gateway.bhv;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.samverkan.gateway.batch.BatchRun;
import se.samverkan.gateway.batch.OneShotCommand;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.validation.ProfileValidator;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.LogScan;

/** Flow F1 end to end: batch file in, consent decided, Bundles POSTed to the schools' EMI (WireMock). */
@ExtendWith(OutputCaptureExtension.class)
class BhvTransferIT extends GatewayIntegrationTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    @Autowired
    OneShotCommand oneShot;

    @Autowired
    ProfileValidator profiles;

    @Test
    void everyRecordOfTheSampleEndsInItsExpectedOutcome() {
        BatchRun run = run(sampleCopy("outcomes"));

        Map<String, String> outcomes = run.results().stream()
                .collect(Collectors.toMap(RecordResult::recordId, r -> r.outcome() + " " + r.code()));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("R-1001", "DELIVERED GW-0000"),
                Map.entry("R-1002", "HELD GW-2102"),       // no consent
                Map.entry("R-1003", "HELD GW-2105"),       // one guardian only
                Map.entry("R-1004", "HELD GW-2103"),       // guardian refused
                Map.entry("R-1005", "HELD GW-2101"),       // protected identity
                Map.entry("R-1006", "DELIVERED GW-0000"),  // delivered, categories stripped
                Map.entry("R-1007", "REFUSED GW-1101"),    // bad identity number
                Map.entry("R-1008", "HELD GW-2001"),       // unknown school
                Map.entry("R-1009", "REFUSED GW-1102"),    // unknown vaccine code
                Map.entry("R-1010", "DELIVERED GW-0000"),  // non-custodial guardian does not count
                Map.entry("R-1011", "HELD GW-2107")));     // withdrawn
        assertThat(EMI.findAll(postRequestedFor(urlPathEqualTo("/emi/10000001/fhir")))).hasSize(1);
        assertThat(EMI.findAll(postRequestedFor(urlPathEqualTo("/emi/10000002/fhir")))).hasSize(1);
        assertThat(EMI.findAll(postRequestedFor(urlPathEqualTo("/emi/10000003/fhir")))).hasSize(1);
    }

    @Test
    void everyDeliveredBundleIsAValidFhirR4TransactionAndCarriesNoHeldChild() throws Exception {
        run(sampleCopy("valid"));

        List<LoggedRequest> posts = EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir")));
        assertThat(posts).hasSize(3);
        List<String> heldChildren = heldChildIds();
        for (LoggedRequest post : posts) {
            assertThat(post.getHeader("Content-Type")).startsWith("application/fhir+json");
            assertThat(post.getHeader("X-Delivery-Id")).isNotBlank();
            assertThat(post.getHeaders().keys()).noneMatch(h -> h.startsWith("Camel") || h.startsWith("gw"));
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, post.getBodyAsString());
            assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
            assertThat(bundle.getIdentifier().getValue()).isEqualTo(post.getHeader("X-Delivery-Id"));
            assertThat(profiles.errors(bundle)).as("validation errors").isEmpty();
            heldChildren.forEach(id -> assertThat(post.getBodyAsString()).doesNotContain(id));
        }
    }

    @Test
    void dataTheConsentDoesNotCoverIsStrippedAndTheStrippingRecorded() throws Exception {
        BatchRun run = run(sampleCopy("stripped"));

        RecordResult r1006 = result(run, "R-1006");
        assertThat(r1006.stripped()).containsExactlyInAnyOrder("hearing", "vision", "development");
        assertThat(r1006.rules()).contains("C11");
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class,
                EMI.findAll(postRequestedFor(urlPathEqualTo("/emi/10000003/fhir"))).get(0).getBodyAsString());
        List<ResourceType> types = bundle.getEntry().stream().map(e -> e.getResource().getResourceType()).toList();
        assertThat(types).contains(ResourceType.Immunization, ResourceType.Observation)
                .doesNotContain(ResourceType.DocumentReference);
        assertThat(bundle.getEntry()).map(Bundle.BundleEntryComponent::getResource)
                .filteredOn(Observation.class::isInstance)
                .map(o -> ((Observation) o).getCode().getCodingFirstRep().getCode())
                .containsOnly("8302-2", "29463-7", "9843-4", "39156-5");
        assertThat(Files.readString(reportOf(run))).contains("R-1006").contains("stripped hearing, vision, development");
    }

    @Test
    void aSecondRunOfTheSameFileDeliversNothingNew() {
        Path file = sampleCopy("rerun");
        run(file);
        int afterFirst = EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir"))).size();

        BatchRun second = run(file);

        assertThat(afterFirst).isEqualTo(3);
        assertThat(EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir")))).hasSize(3);
        assertThat(second.count(Outcome.ALREADY_DELIVERED)).isEqualTo(3);
        assertThat(second.count(Outcome.DELIVERED)).isZero();
    }

    @Test
    void aCorrectionUnderTheSameBatchIdIsRefusedNamingBatchAndRecordAndTheReusedIdIsWarnedAbout() throws Exception {
        Path file = sampleCopy("corrected");
        BatchRun first = run(file);
        int afterFirst = EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir"))).size();
        Path corrected = file.resolveSibling("corrected-again.xml");
        String text = Files.readString(file);
        int at = text.indexOf("<child recordId=\"R-1001\"");
        int end = text.indexOf("</child>", at);
        // one child's height corrected, the rest unchanged
        Files.writeString(corrected, text.substring(0, at) + text.substring(at, end)
                .replace("<heightCm>110.2</heightCm>", "<heightCm>110.9</heightCm>") + text.substring(end));

        BatchRun second = run(corrected);

        assertThat(first.results()).filteredOn(r -> r.recordId().equals("R-1001")).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED));
        assertThat(EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir")))).as("nothing sent")
                .hasSize(afterFirst);
        assertThat(second.results()).filteredOn(r -> r.recordId().equals("R-1001")).singleElement()
                .satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
                    assertThat(r.code()).isEqualTo("GW-1105");
                    assertThat(r.reason()).contains("record R-1001 of batch " + first.batchId());
                });
        assertThat(second.count(Outcome.ALREADY_DELIVERED)).as("the unchanged ones")
                .isEqualTo(first.count(Outcome.DELIVERED) - 1);
        assertThat(second.warnings()).singleElement().asString().contains("this batch id was used before for other"
                + " content: corrected.xml");
        assertThat(first.warnings()).isEmpty();
    }

    @Test
    void aRecordRepeatedInTheBatchIsDeliveredOnceAndTheRepeatRefusedNamingTheFirst() throws Exception {
        Path file = sampleCopy("repeated");
        String sample = Files.readString(file);
        String r1001 = recordBlock(sample, "R-1001");
        String r1006 = recordBlock(sample, "R-1006");
        // R-1001 whole, twice; R-1006's child again under another record id
        Files.writeString(file, sample.replace(r1001, r1001 + r1001)
                .replace(r1006, r1006 + r1006.replace("\"R-1006\"", "\"R-1006-B\"")));

        BatchRun first = run(file);
        BatchRun again = run(file);

        List<RecordResult> repeats = first.results().stream().filter(r -> r.code().equals("GW-1103")).toList();
        assertThat(repeats).extracting(RecordResult::recordId).containsExactly("R-1001", "R-1006-B");
        assertThat(repeats).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.REFUSED));
        assertThat(repeats.get(0).reason()).startsWith("recordId: ").contains("the record on line 11 ");
        assertThat(first.count(Outcome.DELIVERED)).isEqualTo(3);
        assertThat(EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir")))).hasSize(3);
        // the repeats' refusals did not overwrite the first records' deliveries in the ledger
        assertThat(again.count(Outcome.ALREADY_DELIVERED)).isEqualTo(3);
        assertThat(again.count(Outcome.REFUSED)).isEqualTo(first.count(Outcome.REFUSED));
        assertThat(Files.readString(reportOf(first))).contains("record R-1006-B (line ").contains("GW-1103");
    }

    @Test
    void aValueTheMappingCannotCarryRefusesItsRecordAndTheBatchGoesOn() throws Exception {
        Path file = sampleCopy("absurd-dose");
        // schema-valid, but beyond an int: the mapper threw, and the batch lost this record and its report
        Files.writeString(file, Files.readString(file).replaceFirst("<doseNumber>1</doseNumber>",
                "<doseNumber>99999999999999999999999</doseNumber>"));

        BatchRun run = run(file);

        assertThat(run.finished()).isNotNull();
        assertThat(run.results()).hasSize(11);
        assertThat(result(run, "R-1001").code()).isEqualTo("GW-1104");
        assertThat(result(run, "R-1001").reason()).isEqualTo("immunization[1]/doseNumber: dose number over 99");
        assertThat(run.count(Outcome.DELIVERED)).isEqualTo(2);
    }

    @Test
    void aSchoolThatIsDownFailsItsRecordAndTheOutboxDeliversItOnceWhenItIsBack() throws Exception {
        EMI.stubFor(post(urlPathEqualTo("/emi/10000002/fhir")).willReturn(aResponse().withStatus(503)));
        Path file = sampleCopy("school-down");

        BatchRun first = run(file);

        assertThat(result(first, "R-1010").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result(first, "R-1010").code()).isEqualTo("GW-3001");
        assertThat(result(first, "R-1010").reason()).contains("HTTP 503");
        assertThat(Files.readString(reportOf(first))).contains("Not final");
        // the outbox tries again by itself, backing off
        await().atMost(Duration.ofSeconds(10)).until(() -> served("/emi/10000002/fhir").size() >= 3);

        EMI.stubFor(post(urlPathEqualTo("/emi/10000002/fhir")).willReturn(aResponse().withStatus(200)));
        BatchRun last = settled(first);

        assertThat(result(last, "R-1010").outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(last.count(Outcome.DELIVERED)).isEqualTo(3);
        List<ServeEvent> toSchool = served("/emi/10000002/fhir");
        assertThat(toSchool).filteredOn(e -> e.getResponse().getStatus() == 200).hasSize(1);
        // every attempt was the same delivery, byte for byte: what lets a receiver de-duplicate
        assertThat(toSchool.stream().map(e -> e.getRequest().getHeader("X-Delivery-Id")).distinct()).hasSize(1);
        assertThat(toSchool.stream().map(e -> e.getRequest().getBodyAsString()).distinct()).hasSize(1);
        assertThat(toSchool.stream().map(e -> e.getRequest().getHeader("X-Samverkan-Signature")).distinct()).hasSize(1);
        assertThat(Files.readString(reportOf(first))).doesNotContain("Not final").doesNotContain("R-1010 (line");
    }

    @Test
    void aConsentWithdrawnWhileTheDeliveryWaitsForRetryStopsTheDelivery() throws Exception {
        EMI.stubFor(post(urlPathEqualTo("/emi/10000002/fhir")).willReturn(aResponse().withStatus(503)));
        String sample = Files.readString(SAMPLE);
        int at = sample.indexOf("<child recordId=\"R-1010\"");
        String original = sample.substring(sample.indexOf("<personalIdentityNumber>", at) + 24).substring(0, 12);
        String child = se.samverkan.gateway.support.TestIds.pnr(java.time.LocalDate.of(2021, 11, 4), 977);
        Path file = sampleCopy("withdrawn-while-queued", Map.of(original, child));
        BatchRun first = run(file);
        assertThat(result(first, "R-1010").outcome()).isEqualTo(Outcome.FAILED);
        Bundle consents = fhirClient().search().byUrl("Consent?status=active&patient.identifier="
                + se.samverkan.gateway.fhir.Systems.PERSONNUMMER + "|" + child).returnBundle(Bundle.class).execute();
        assertThat(consents.getEntry()).hasSize(1);

        fhirClient().operation().onInstance(consents.getEntryFirstRep().getResource().getIdElement().toVersionless())
                .named("$withdraw").withNoParameters(org.hl7.fhir.r4.model.Parameters.class).execute();

        // the next attempt decides again (C12) and holds the delivery (C5), though the school is still down
        java.util.UUID delivery = deliveryIdOf(first, "R-1010");
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.status(delivery)
                .orElseThrow() == se.samverkan.gateway.delivery.Outbox.Status.HELD);
        EMI.stubFor(post(urlPathEqualTo("/emi/10000002/fhir")).willReturn(aResponse().withStatus(200)));
        BatchRun last = settled(first);

        assertThat(result(last, "R-1010").outcome()).isEqualTo(Outcome.HELD);
        assertThat(result(last, "R-1010").reason()).startsWith("held right before delivery");
        assertThat(result(last, "R-1010").rules()).contains("C1");
        assertThat(served("/emi/10000002/fhir")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo(503));
    }

    @Test
    void aFileDroppedInTheInboxIsProcessedAndMovedToProcessed() {
        Path file = sampleCopy("inbox");
        dropIntoInbox(file);

        await().atMost(Duration.ofSeconds(30)).until(() -> reportsFor("inbox.").findAny().isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> listing(WORK.resolve("processed"))
                .anyMatch(p -> p.getFileName().toString().endsWith("-inbox.xml")));
        assertThat(EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir")))).hasSize(3);
    }

    @Test
    void aMalformedFileInTheInboxIsMovedAsideWithLineAndReason() throws Exception {
        String sample = Files.readString(sampleCopy("malformed"));
        Path file = WORK.resolve("input").resolve("malformed.xml");
        Files.writeString(file, sample.substring(0, sample.indexOf("<child recordId=\"R-1004\"")));
        dropIntoInbox(file);

        Path reason = WORK.resolve("rejected").resolve("malformed.xml.reason.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(WORK.resolve("rejected").resolve("malformed.xml")));
        assertThat(Files.readString(reason)).startsWith("GW-1001 line ");
        assertThat(EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir")))).isEmpty();
    }

    @Test
    void aFileWithAnExternalEntityIsRefusedWhole() throws Exception {
        Path file = WORK.resolve("input").resolve("xxe.xml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Files.readString(SAMPLE).replace("<bhvExport ",
                "<!DOCTYPE bhvExport [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<bhvExport "));

        BatchRun run = run(file);

        assertThat(run.rejection()).startsWith("GW-1002");
        assertThat(run.results()).isEmpty();
        assertThat(EMI.findAll(postRequestedFor(urlPathMatching("/emi/.*/fhir")))).isEmpty();
    }

    @Test
    void theOneShotCommandPrintsTheReportAndExitsByOutcome() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int withRefusals = oneShot.run(sampleCopy("oneshot"), new PrintStream(out, true, StandardCharsets.UTF_8));
        Path broken = WORK.resolve("input").resolve("broken.xml");
        Files.writeString(broken, "<bhvExport xmlns=\"urn:samverkan:bhv-export:1\">");
        int rejected = oneShot.run(broken, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(withRefusals).isEqualTo(OneShotCommand.SOME_RECORDS_FAILED);
        assertThat(rejected).isEqualTo(OneShotCommand.FILE_REJECTED);
        assertThat(oneShot.run(WORK.resolve("no-such-file.xml"), new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(OneShotCommand.NO_SUCH_FILE);
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("delivered               3").contains("held                    6")
                .contains("refused                 2").contains("record R-1007").contains("GW-1101");
        allIdsIn(SAMPLE).forEach(id -> assertThat(report).doesNotContain(id));
    }

    @Test
    void noIdentityNumberReachesTheApplicationLog(CapturedOutput output) throws Exception {
        run(sampleCopy("logs"));
        run(sampleCopy("logs-again"));

        assertThat(LogScan.identityNumbers(output.getAll())).as("identity numbers in the log").isEmpty();
        allIdsIn(SAMPLE).forEach(id -> assertThat(output.getAll()).doesNotContain(id));
    }

    @Test
    void consentsAndGuardiansInBatchRecordsLandInTheRegistryOnce() throws Exception {
        Path file = sampleCopy("registry");
        run(file);
        run(file);
        String child = Files.readString(SAMPLE).split("<personalIdentityNumber>")[1].substring(0, 12);

        org.hl7.fhir.r4.model.Bundle consents = fhirClient().search().byUrl("Consent?patient.identifier="
                + se.samverkan.gateway.fhir.Systems.PERSONNUMMER + "|" + child).returnBundle(Bundle.class).execute();
        org.hl7.fhir.r4.model.Bundle guardians = fhirClient().search().byUrl("RelatedPerson?patient.identifier="
                + se.samverkan.gateway.fhir.Systems.PERSONNUMMER + "|" + child).returnBundle(Bundle.class).execute();

        assertThat(consents.getEntry()).hasSize(2);
        assertThat(consents.getEntry()).allSatisfy(e -> assertThat(e.getResource().getMeta().getVersionId()).isEqualTo("1"));
        assertThat(guardians.getEntry()).hasSize(2);
    }

    @Test
    void everyDeliveryAttemptIsAuditedPerChild() throws Exception {
        run(sampleCopy("audit"));
        String child = Files.readString(SAMPLE).split("<personalIdentityNumber>")[1].substring(0, 12);

        Bundle events = fhirClient().search().byUrl("AuditEvent?patient.identifier="
                + se.samverkan.gateway.fhir.Systems.PERSONNUMMER + "|" + child).returnBundle(Bundle.class).execute();

        List<org.hl7.fhir.r4.model.AuditEvent> deliveries = events.getEntry().stream()
                .map(e -> (org.hl7.fhir.r4.model.AuditEvent) e.getResource())
                .filter(a -> "110106".equals(a.getType().getCode()))
                .toList();
        assertThat(deliveries).isNotEmpty().allSatisfy(a -> {
            assertThat(a.getOutcome()).isEqualTo(org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome._0);
            assertThat(a.getAgent()).extracting(ag -> ag.getWho().getIdentifier().getValue())
                    .containsExactly("SE2321000016-BHV1", "10000001");
            assertThat(profiles.errors(a)).isEmpty();
        });
    }

    /** A record of the sample as it stands in the file, from its indentation to its line end. */
    private static String recordBlock(String sample, String recordId) {
        int start = sample.lastIndexOf("  <child", sample.indexOf("<child recordId=\"" + recordId + "\""));
        return sample.substring(start, sample.indexOf("</child>", start) + "</child>\n".length());
    }

    private static List<ServeEvent> served(String path) {
        return EMI.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith(path)).toList();
    }

    private java.util.UUID deliveryIdOf(BatchRun run, String recordId) {
        return java.util.UUID.fromString(jdbc.sql("select delivery_id from batch_record where run_id = ? and record_id = ?")
                .params(run.runId(), recordId).query(String.class).single());
    }

    private static RecordResult result(BatchRun run, String recordId) {
        return run.results().stream().filter(r -> r.recordId().equals(recordId)).findFirst().orElseThrow();
    }

    private static Path reportOf(BatchRun run) throws Exception {
        String stem = run.fileName().replace(".xml", "");
        return reportsFor(stem).filter(p -> p.toString().endsWith(".report.txt")).findFirst().orElseThrow();
    }

    private static Stream<Path> reportsFor(String prefix) throws Exception {
        return listing(WORK.resolve("reports")).filter(p -> p.getFileName().toString().startsWith(prefix));
    }

    private static Stream<Path> listing(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList().stream();
        }
    }

    private static void dropIntoInbox(Path file) {
        try {
            Path inbox = Files.createDirectories(WORK.resolve("inbox"));
            Path part = inbox.resolve(file.getFileName() + ".part");
            Files.copy(file, part);
            Files.move(part, inbox.resolve(file.getFileName()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Identity numbers of the children whose records must not be delivered (R-1002..R-1005, R-1007..R-1009, R-1011). */
    private static List<String> heldChildIds() throws Exception {
        String sample = Files.readString(SAMPLE);
        return Stream.of("R-1002", "R-1003", "R-1004", "R-1005", "R-1007", "R-1008", "R-1009", "R-1011")
                .map(id -> {
                    int at = sample.indexOf("<child recordId=\"" + id + "\"");
                    int start = sample.indexOf("<personalIdentityNumber>", at) + 24;
                    return sample.substring(start, start + 12);
                })
                .toList();
    }

    private static List<String> allIdsIn(Path file) throws Exception {
        Matcher m = Pattern.compile("<(?:personalIdentityNumber|givenBy)>(\\d{12})<").matcher(Files.readString(file));
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
