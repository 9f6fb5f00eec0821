package se.samverkan.gateway.batch;

/** Where a record ends. Every record of a batch ends in exactly one of these. */
public enum Outcome {
    /** sent to the recipient and acknowledged */
    DELIVERED,
    /** delivered by an earlier run of the same batch: not sent again */
    ALREADY_DELIVERED,
    /** not sent: no consent, no route, protected identity (the reason says which) */
    HELD,
    /** not sent: the record itself is wrong (the reason names the field) */
    REFUSED,
    /** the recipient could not be reached or answered with a server error: the outbox tries again */
    FAILED,
    /** not sent, given up: the recipient refused it (4xx) or every attempt failed; re-drive it through the admin API */
    PARKED,
    /** accepted into the outbox, not yet tried: never the last word of a report */
    QUEUED;

    public String label() {
        return name().toLowerCase().replace('_', ' ');
    }
}
