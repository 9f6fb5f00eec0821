package se.samverkan.gateway.bhv;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import se.samverkan.gateway.bhv.xml.ChildRecord;

/**
 * Finds a record that repeats an earlier record of the same batch: the same record id, or the same child
 * (a batch carries one school start per child). The first is processed; a repeat is refused (GW-1103),
 * since the two may differ and the gateway cannot tell which one the sender meant.
 *
 * <p>Records are remembered by a 64-bit fingerprint (SHA-256, truncated) and the line they start on: no
 * identity number is kept, and a batch at the record limit costs about 12 MB. Two different values share a
 * fingerprint with odds of about one in 10^8 for such a batch; that would refuse a record with a reason,
 * never deliver one twice.
 */
final class RepeatCheck {

    private final MessageDigest sha256;
    private long[] keys = new long[1024];
    private int[] lines = new int[1024];
    private int size;

    RepeatCheck() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problem with a record that repeats an earlier one, or null (and the record is remembered). */
    RecordCheck.Problem repeat(ChildRecord record, int line) {
        int first = remember("record-id", record.getRecordId(), line);
        if (first > 0) {
            return new RecordCheck.Problem("GW-1103", "recordId", "the record id is already used by the record on line "
                    + first + " of this batch; only that record is processed");
        }
        first = remember("child", record.getPersonalIdentityNumber(), line);
        if (first > 0) {
            return new RecordCheck.Problem("GW-1103", "personalIdentityNumber", "the same child as the record on line "
                    + first + " of this batch (one record per child); only that record is processed");
        }
        return null;
    }

    /** The line of an earlier record with this value, or 0 after remembering this one. */
    private int remember(String kind, String value, int line) {
        long key = fingerprint(kind, value);
        int slot = slot(key, keys.length);
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return lines[slot];
            }
            slot = (slot + 1) & (keys.length - 1);
        }
        keys[slot] = key;
        lines[slot] = Math.max(line, 1);
        if (++size * 2 > keys.length) {
            grow();
        }
        return 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldLines = lines;
        keys = new long[oldKeys.length * 2];
        lines = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slot(oldKeys[i], keys.length);
                while (keys[slot] != 0) {
                    slot = (slot + 1) & (keys.length - 1);
                }
                keys[slot] = oldKeys[i];
                lines[slot] = oldLines[i];
            }
        }
    }

    private static int slot(long key, int length) {
        return (int) (key ^ (key >>> 32)) & (length - 1);
    }

    private long fingerprint(String kind, String value) {
        sha256.update((kind + '\u0000' + value).getBytes(StandardCharsets.UTF_8));
        long key = ByteBuffer.wrap(sha256.digest()).getLong();
        return key == 0 ? 1 : key; // 0 marks a free slot
    }
}
