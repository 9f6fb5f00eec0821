package se.samverkan.gateway.elevhalsa;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.gateway.consent.ConsentEnded;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.cooperation.CooperationService;
import se.samverkan.gateway.cooperation.RecipientOutcome;
import se.samverkan.gateway.cooperation.SubmissionReader;
import se.samverkan.gateway.cooperation.SubmissionRefused;
import se.samverkan.gateway.delivery.DeliveryFailure;
import se.samverkan.gateway.elevhalsa.xml.BatchHeader;
import se.samverkan.gateway.identity.Redaction;
import se.samverkan.gateway.registry.RegistryWriter;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.routing.ParticipantRegistry;

/**
 * One elevhälsa export, record by record: a consent lands in the consent registry (a withdrawal there tells
 * the recipients and guardians, C5); every other record is mapped to the F2-F7 contract and goes through the
 * same reading, decision and routing as a call to the FHIR face. A bad record is refused with its code, field
 * and line, and the rest goes on. Accepting a record is idempotent (delivery ids are name-based), so a file read
 * again after a crash sends nothing twice.
 */
public class ElevhalsaBatchService {

    private static final Logger log = LoggerFactory.getLogger(ElevhalsaBatchService.class);

    private final ElevhalsaReader reader;
    private final ElevhalsaMapper mapper;
    private final SubmissionReader submissions;
    private final CooperationService cooperation;
    private final RegistryWriter registry;
    private final ResourceStore store;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final FhirContext fhir;
    private final Clock clock;
    private final ParticipantRegistry participants;

    ElevhalsaBatchService(ParticipantRegistry participants, ElevhalsaReader reader, ElevhalsaMapper mapper, SubmissionReader submissions,
                          CooperationService cooperation, RegistryWriter registry, ResourceStore store,
                          ApplicationEventPublisher events, TransactionTemplate transactions, FhirContext fhir,
                          Clock clock) {
        this.participants = participants;
        this.reader = reader;
        this.mapper = mapper;
        this.submissions = submissions;
        this.cooperation = cooperation;
        this.registry = registry;
        this.store = store;
        this.events = events;
        this.transactions = transactions;
        this.fhir = fhir;
        this.clock = clock;
    }

    /** Validates the whole file (a schema error rejects it, with line and reason), then opens it. */
    public ElevhalsaBatch open(Path file) {
        reader.validate(file);
        return reader.open(file);
    }

    /** One record: what became of it, per recipient; a bad record is refused, never thrown. */
    public ElevhalsaReport.Line accept(String runId, BatchHeader header, ElevhalsaRecord record) {
        try {
            if (record.repeatOfLine() > 0) {
                return ElevhalsaReport.Line.refused(record, "GW-1103", "recordId",
                        "repeats the record on line " + record.repeatOfLine() + "; the first was taken");
            }
            List<Resource> resources = mapper.map(header, record);
            if (record.kind() == RecordKind.CONSENT) {
                return ElevhalsaReport.Line.registered(record, transactions.execute(tx -> register(resources)));
            }
            var id = FhirParts.organisation(header.getExportingPrincipal()).getIdentifier();
            OrganisationId exporter = OrganisationId.of(id.getSystem(), id.getValue());
            var submission = submissions.read(resources.get(0), Optional.of(exporter));
            Optional<Participant> principal = participants.participant(exporter.value());
            if (principal.isEmpty() || !participants.speaksFor(principal.get(), submission.sender())) {
                return ElevhalsaReport.Line.refused(record, "GW-1114", "sender", "the exporting principal is not a"
                        + " registered participant that speaks for this sender");
            }
            List<RecipientOutcome> outcomes = cooperation.submit(submission, runId);
            return ElevhalsaReport.Line.routed(record, outcomes);
        } catch (ElevhalsaRecordException e) {
            return ElevhalsaReport.Line.refused(record, e.code(), e.field(), e.reason());
        } catch (SubmissionRefused e) {
            return ElevhalsaReport.Line.refused(record, e.code(), e.field(), e.reason());
        } catch (RuntimeException e) {
            String why = DeliveryFailure.scrub(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            log.error("elevhälsa record {} (line {}) could not be accepted: {}", Redaction.numbers(record.recordId()),
                    record.line(), why);
            return ElevhalsaReport.Line.refused(record, "GW-0002", "(record)", "could not be accepted: " + why);
        }
    }

    /** Guardians and the consent into the registry; a consent that ended here is announced (C5). */
    private String register(List<Resource> resources) {
        String summary = "registered";
        for (Resource resource : resources) {
            String source = "urn:samverkan:elevhalsa:" + resource.getIdElement().getIdPart();
            if (resource instanceof RelatedPerson guardian) {
                registry.upsert(guardian.getIdElement().getIdPart(), withoutLocalReferences(guardian), source);
            } else if (resource instanceof Consent consent) {
                String id = consent.getIdElement().getIdPart();
                Consent before = stored(id).orElse(null);
                registry.upsert(id, withoutLocalReferences(consent), source);
                Optional<Consent> after = stored(id);
                Optional<ConsentEnded> ended = after.flatMap(a -> ConsentEnded.of(before, a));
                ended.ifPresent(events::publishEvent);
                summary = consent.getStatus() == Consent.ConsentState.ACTIVE ? "consent registered"
                        : ended.isPresent() ? "consent ended; recipients and guardians told (C5)" : "consent registered as "
                        + consent.getStatus().toCode();
            }
        }
        return summary;
    }

    private Optional<Consent> stored(String id) {
        return store.read("Consent", id).map(s -> fhir.newJsonParser().parseResource(Consent.class, s.body()));
    }

    private static <T extends Resource> T withoutLocalReferences(T resource) {
        @SuppressWarnings("unchecked")
        T copy = (T) resource.copy();
        if (copy instanceof Consent c) {
            c.setPatient(plain(c.getPatient()));
            c.setPerformer(new ArrayList<>(c.getPerformer().stream().map(ElevhalsaBatchService::plain).toList()));
        } else if (copy instanceof RelatedPerson r) {
            r.setPatient(plain(r.getPatient()));
        }
        return copy;
    }

    /** A reference by id means something only inside a Bundle: the registry keeps type and identifier. */
    private static Reference plain(Reference reference) {
        return reference.hasIdentifier() ? new Reference().setType(reference.getType())
                .setIdentifier(reference.getIdentifier()) : reference;
    }

    static String runId(Path file) {
        return UUID.nameUUIDFromBytes(("elevhalsa|" + file.getFileName()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    Clock clock() {
        return clock;
    }
}
