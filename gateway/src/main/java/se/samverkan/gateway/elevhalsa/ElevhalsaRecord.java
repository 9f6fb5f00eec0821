package se.samverkan.gateway.elevhalsa;

import se.samverkan.gateway.elevhalsa.xml.ExportRecord;

/**
 * One record of an elevhälsa export: its position in the batch (1 for the first), the line it starts on,
 * its kind and content. {@code repeatOfLine} is the line of an earlier record of the same batch with the
 * same record id, or 0; the mapper refuses such a repeat (GW-1103).
 */
public record ElevhalsaRecord(int position, int line, RecordKind kind, ExportRecord content, int repeatOfLine) {

    public String recordId() {
        return content.getRecordId();
    }

    /** F2-F7. */
    public String flow() {
        return kind.flow(content);
    }

    /** How a report or an error names the record: never a value but its id. */
    public String describe() {
        return "record " + recordId() + " (no. " + position + " in the batch, line " + line + ")";
    }
}
