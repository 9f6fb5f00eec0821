package se.samverkan.gateway.bhv;

import se.samverkan.gateway.bhv.xml.ChildRecord;

/**
 * One child's record, with its position in the batch and the line it starts on; {@code repeat} is set when
 * it repeats an earlier record of the same batch (see {@link RepeatCheck}), and such a record is refused.
 */
public record BhvRecord(int position, int line, ChildRecord child, RecordCheck.Problem repeat) {

    public BhvRecord(int position, int line, ChildRecord child) {
        this(position, line, child, null);
    }

    public String recordId() {
        return child.getRecordId();
    }
}
