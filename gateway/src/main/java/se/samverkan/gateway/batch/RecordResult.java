package se.samverkan.gateway.batch;

import java.util.List;

/**
 * The answer for one record: never the identity number, only the exporting system's record id and a
 * keyed pseudonym of the child.
 */
public record RecordResult(
        String recordId,
        int line,
        String childRef,
        String schoolUnit,
        Outcome outcome,
        String code,
        String reason,
        List<String> rules,
        List<String> stripped) {
}
