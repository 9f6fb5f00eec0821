package se.samverkan.gateway.bhv;

import se.samverkan.gateway.bhv.xml.ChildRecord;

/**
 * One child's record, with its position in the batch and the line it starts on; {@code repeat} is set when
 * it repeats an earlier record of the same batch (see {@link RepeatCheck}), and such a record is refused.
 * {@code digest}: of the record's content as read (SHA-256, hex), to tell a corrected record from the one
 * delivered before under the same batch id; null when not known.
 */
public record BhvRecord(int position, int line, ChildRecord child, RecordCheck.Problem repeat, String digest) {

    public BhvRecord(int position, int line, ChildRecord child) {
        this(position, line, child, null, null);
    }

    public BhvRecord(int position, int line, ChildRecord child, RecordCheck.Problem repeat) {
        this(position, line, child, repeat, null);
    }

    public String recordId() {
        return child.getRecordId();
    }
}
