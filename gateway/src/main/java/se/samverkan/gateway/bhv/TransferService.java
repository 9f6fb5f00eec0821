package se.samverkan.gateway.bhv;

import se.samverkan.gateway.batch.StageClock;
import se.samverkan.gateway.batch.StageClock.Stage;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.validation.ProfileValidator;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.TransferLedger;
import se.samverkan.gateway.bhv.xml.BatchHeader;
import se.samverkan.gateway.bhv.xml.ChildRecord;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.consent.DataCategory;
import se.samverkan.gateway.consent.Decision;
import se.samverkan.gateway.consent.DecisionRequest;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.identity.Pseudonymizer;
import se.samverkan.gateway.mapping.DataCategoryTable;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.routing.RoutingProperties;

/**
 * Takes one BHV record up to the moment of delivery: checks it, decides on consent (made here, right
 * before delivery, every time the record is tried: C12), maps it, and strips what the consent does
 * not cover (C11).
 */
public class TransferService {

    static final String FLOW = "F1";

    /** Refused: a record delivered before under the same batch id, child and school, now with other content. */
    static final String CORRECTED = "GW-1105";

    private final RecordCheck check;
    private final TransferMapper mapper;
    private final DataCategoryTable categories;
    private final ConsentGate gate;
    private final ParticipantRegistry registry;
    private final TransferLedger ledger;
    private final Pseudonymizer pseudonyms;
    private final Clock clock;
    private final FhirContext fhir;
    private final BatchConsentImport consentImport;
    private final ProfileValidator validator;
    private final StageClock stages;

    TransferService(RecordCheck check, TransferMapper mapper, DataCategoryTable categories, ConsentGate gate,
                    ParticipantRegistry registry, TransferLedger ledger, Pseudonymizer pseudonyms,
                    Clock clock, FhirContext fhir, BatchConsentImport consentImport, ProfileValidator validator,
                    StageClock stages) {
        this.check = check;
        this.mapper = mapper;
        this.categories = categories;
        this.gate = gate;
        this.registry = registry;
        this.ledger = ledger;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        this.fhir = fhir;
        this.consentImport = consentImport;
        this.validator = validator;
        this.stages = stages;
    }

    /** The record's delivery id and pseudonym, before anything is decided; a repeat in the batch ends here. */
    public TransferWork describe(BatchHeader header, BhvRecord record) {
        ChildRecord r = record.child();
        String school = r.getSchoolStart().getSchoolUnit();
        UUID deliveryId = TransferContext.deliveryId(header, r.getPersonalIdentityNumber(), school);
        if (record.repeat() != null) {
            // a ledger entry of its own: the refusal must not overwrite how the first record's delivery ended
            UUID entry = UUID.nameUUIDFromBytes((deliveryId + "/repeat/" + record.position())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new TransferWork(record, entry, pseudonyms.pseudonym(r.getPersonalIdentityNumber()),
                    header.getExportingUnit(), school)
                    .end(Outcome.REFUSED, record.repeat().code(), record.repeat().message(), List.of());
        }
        return new TransferWork(record, deliveryId, pseudonyms.pseudonym(r.getPersonalIdentityNumber()),
                header.getExportingUnit(), school);
    }

    public TransferWork prepare(BatchHeader header, BhvRecord record) {
        ChildRecord r = record.child();
        String school = r.getSchoolStart().getSchoolUnit();
        TransferWork work = describe(header, record);
        if (!work.deliverable()) {
            return work;
        }
        UUID deliveryId = work.deliveryId();

        Optional<RecordCheck.Problem> problem = check.problem(r);
        if (problem.isPresent()) {
            return work.end(Outcome.REFUSED, problem.get().code(), problem.get().message(), List.of());
        }
        Optional<String> delivered = stages.time(Stage.COMMIT, () -> ledger.deliveredContent(deliveryId));
        if (delivered.isPresent()) {
            if (!delivered.get().isEmpty() && record.digest() != null && !delivered.get().equals(record.digest())) {
                // a correction under the batch id it was delivered under: never silently "already delivered"
                return work.end(Outcome.REFUSED, CORRECTED, "record " + r.getRecordId() + " of batch "
                        + header.getBatchId() + " differs from the record delivered under this batch id for this"
                        + " child and school; a delivery is not replaced: send the correction under a new batch id",
                        List.of());
            }
            return work.end(Outcome.ALREADY_DELIVERED, "GW-0001",
                    "delivered by an earlier run of this batch; not sent again", List.of());
        }
        TransferContext ctx = new TransferContext(header, record, PersonalIdentityNumber.parse(
                r.getPersonalIdentityNumber()), deliveryId, clock.instant());
        List<RelatedPerson> guardians = stages.time(Stage.MAP, () -> mapper.guardians(ctx));
        List<Consent> consents = stages.time(Stage.MAP, () -> mapper.consents(ctx));
        stages.time(Stage.COMMIT, () -> consentImport.importRecord(ctx, guardians, consents));
        List<Resource> clinical = stages.time(Stage.MAP, () -> mapper.clinical(ctx));
        Set<DataCategory> requested = EnumSet.noneOf(DataCategory.class);
        clinical.forEach(res -> categories.categoryOf(res).ifPresent(requested::add));

        Decision decision = stages.time(Stage.DECIDE, () -> gate.decide(request(ctx, requested)));
        if (!decision.permit()) {
            return work.end(Outcome.HELD, decision.code(), decision.reason(), decision.rules());
        }
        if (!decision.obligations().isEmpty()) {
            // a batch transfer can neither anonymise nor wait for a person: such a permit is held
            return work.end(Outcome.HELD, decision.code(), decision.reason() + " (obligation: "
                    + decision.obligations() + ")", decision.rules());
        }
        Optional<RoutingProperties.School> target = registry.school(school);
        if (target.isEmpty()) {
            return work.end(Outcome.HELD, "GW-2001",
                    "no route: school unit is not in the participant registry", List.of());
        }
        List<Resource> kept = new ArrayList<>();
        Set<DataCategory> stripped = EnumSet.noneOf(DataCategory.class);
        Set<DataCategory> carried = EnumSet.noneOf(DataCategory.class);
        for (Resource res : clinical) {
            Optional<DataCategory> category = categories.categoryOf(res);
            if (category.isEmpty() || decision.permitted().contains(category.get())) {
                kept.add(res);
                category.ifPresent(carried::add);
            } else {
                stripped.add(category.get());
            }
        }
        Bundle bundle = stages.time(Stage.MAP, () -> mapper.bundle(ctx, guardians, consents, kept));
        List<ProfileValidator.Issue> invalid = stages.time(Stage.VALIDATE, () -> validator.errors(bundle));
        if (!invalid.isEmpty()) {
            // never delivered: the receiving systems rely on the published profiles
            return work.end(Outcome.REFUSED, "GW-5001", "the mapped Bundle is not valid against the profiles: "
                    + invalid.stream().limit(3).map(Object::toString).toList(), List.of());
        }
        IParser json = fhir.newJsonParser();
        String payload = stages.time(Stage.MAP, () -> json.encodeResourceToString(bundle));
        return work.deliver(target.get().emiEndpoint(), payload, decision.rules(),
                stripped.stream().map(DataCategory::code).toList(), carried);
    }

    private static DecisionRequest request(TransferContext ctx, Set<DataCategory> requested) {
        ChildRecord r = ctx.record().child();
        return DecisionRequest.of(FLOW, ctx.child(), OrganisationId.hsaId(ctx.header().getExportingUnit()),
                        OrganisationId.skolenhetskod(r.getSchoolStart().getSchoolUnit()), requested, ctx.now())
                .with(DecisionRequest.Context.NONE.withProtectedIdentity(r.isProtectedIdentity()));
    }
}
