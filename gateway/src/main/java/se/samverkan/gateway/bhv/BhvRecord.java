package se.samverkan.gateway.bhv;

import se.samverkan.gateway.bhv.xml.ChildRecord;

/** One child's record, with its position in the batch and the line it starts on. */
public record BhvRecord(int position, int line, ChildRecord child) {

    public String recordId() {
        return child.getRecordId();
    }
}
