package se.samverkan.gateway.bhv;

import java.util.Iterator;
import se.samverkan.gateway.bhv.xml.BatchHeader;

/** An open batch: its header and a one-pass stream of its records. */
public record BhvBatch(BatchHeader header, Iterator<BhvRecord> records, Closer closer) implements AutoCloseable {

    public interface Closer {
        void close() throws Exception;
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
