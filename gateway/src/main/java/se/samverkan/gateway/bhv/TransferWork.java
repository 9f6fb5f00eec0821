package se.samverkan.gateway.bhv;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;
import se.samverkan.gateway.consent.DataCategory;

/**
 * One record on its way through the route: either it has ended (held, refused, already delivered) or
 * it carries a payload and the endpoint it must reach.
 */
public final class TransferWork {

    private final BhvRecord record;
    private final UUID deliveryId;
    private final String childRef;
    private final String childId;
    private final String sourceUnit;
    private final String schoolUnit;
    private RecordResult ended;
    private String endpoint;
    private String payload;
    private List<String> rules = List.of();
    private List<String> stripped = List.of();
    private Set<DataCategory> carried = Set.of();

    TransferWork(BhvRecord record, UUID deliveryId, String childRef, String sourceUnit, String schoolUnit) {
        this.record = record;
        this.deliveryId = deliveryId;
        this.childRef = childRef;
        this.childId = record.child().getPersonalIdentityNumber();
        this.sourceUnit = sourceUnit;
        this.schoolUnit = schoolUnit;
    }

    TransferWork end(Outcome outcome, String code, String reason, List<String> rules) {
        this.ended = result(outcome, code, reason, rules, List.of());
        return this;
    }

    TransferWork deliver(String endpoint, String payload, List<String> rules, List<String> stripped,
                         Set<DataCategory> carried) {
        this.endpoint = endpoint;
        this.payload = payload;
        this.rules = rules;
        this.stripped = stripped;
        this.carried = carried.isEmpty() ? Set.of() : EnumSet.copyOf(carried);
        return this;
    }

    public boolean deliverable() {
        return ended == null;
    }

    /** How the record ended; for a deliverable one, see {@link #queued()}. */
    public RecordResult result() {
        return ended;
    }

    /** In the outbox: the outbox's row will say how it ends. */
    public RecordResult queued() {
        return result(Outcome.QUEUED, "GW-0002", "queued for delivery", rules, stripped);
    }

    /** Delivered under this delivery id by an earlier run. */
    public RecordResult alreadyDelivered() {
        return result(Outcome.ALREADY_DELIVERED, "GW-0001", "delivered by an earlier run of this batch; not sent again",
                List.of(), List.of());
    }

    /** The record could not be accepted (an internal error): it is not in the outbox. */
    public RecordResult notAccepted(String reason) {
        return result(Outcome.FAILED, "GW-3005", "not accepted: " + reason
                + "; drop the file into the inbox again to retry it", List.of(), List.of());
    }

    private RecordResult result(Outcome outcome, String code, String reason, List<String> rules, List<String> stripped) {
        return new RecordResult(record.recordId(), record.line(), childRef, schoolUnit, outcome, code, reason,
                rules, stripped);
    }

    public UUID deliveryId() {
        return deliveryId;
    }

    /** For the audit store only: never logged, never in a report. */
    String childId() {
        return childId;
    }

    /** The data categories the payload carries (the decision before each send must still cover them). */
    public Set<DataCategory> carried() {
        return carried;
    }

    boolean protectedIdentity() {
        return record.child().isProtectedIdentity();
    }

    String childRef() {
        return childRef;
    }

    BhvRecord record() {
        return record;
    }

    String sourceUnit() {
        return sourceUnit;
    }

    String schoolUnit() {
        return schoolUnit;
    }

    public String endpoint() {
        return endpoint;
    }

    public String payload() {
        return payload;
    }
}
