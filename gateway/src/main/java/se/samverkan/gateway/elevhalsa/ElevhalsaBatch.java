package se.samverkan.gateway.elevhalsa;

import java.util.Iterator;
import se.samverkan.gateway.elevhalsa.xml.BatchHeader;

/** An open elevhälsa export: its header and a one-pass stream of its records. Close it when done. */
public record ElevhalsaBatch(BatchHeader header, Iterator<ElevhalsaRecord> records, Closer closer)
        implements AutoCloseable {

    public interface Closer {
        void close() throws Exception;
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
