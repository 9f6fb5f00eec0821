package se.samverkan.gateway.bhv;

import java.util.List;
import java.util.UUID;
import se.samverkan.gateway.batch.Outcome;
import se.samverkan.gateway.batch.RecordResult;

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

    TransferWork deliver(String endpoint, String payload, List<String> rules, List<String> stripped) {
        this.endpoint = endpoint;
        this.payload = payload;
        this.rules = rules;
        this.stripped = stripped;
        return this;
    }

    public boolean deliverable() {
        return ended == null;
    }

    /** How the record ended; for a deliverable one, call {@link #delivered()} or {@link #failed(String)}. */
    public RecordResult result() {
        return ended;
    }

    public RecordResult delivered() {
        return result(Outcome.DELIVERED, "GW-0000", "delivered", rules, stripped);
    }

    public RecordResult failed(String reason) {
        return result(Outcome.FAILED, "GW-3001", "delivery failed, will be retried: " + reason, rules, stripped);
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

    String sourceUnit() {
        return sourceUnit;
    }

    BhvRecord record() {
        return record;
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
