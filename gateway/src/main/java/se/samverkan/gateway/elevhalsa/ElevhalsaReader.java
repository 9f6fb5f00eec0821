package se.samverkan.gateway.elevhalsa;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import se.samverkan.gateway.bhv.BatchRejectedException;
import se.samverkan.gateway.bhv.ExportSchema;
import se.samverkan.gateway.bhv.SafeXml;
import se.samverkan.gateway.bhv.SchemaRefusal;
import se.samverkan.gateway.elevhalsa.xml.BatchHeader;
import se.samverkan.gateway.elevhalsa.xml.ExportRecord;

/**
 * Reads an elevhälsa export the way the BHV reader reads its batches: a first streaming pass validates the
 * whole file against {@code elevhalsa-export-1.xsd} (a file that fails is rejected whole with the code, line,
 * record, element and reason of a {@link BatchRejectedException}: GW-1001 invalid, GW-1002 DOCTYPE, GW-1003
 * unreadable, GW-1004 beyond the limits), a second hands out one record at a time (StAX, one JAXB unmarshal
 * per record), so memory stays flat however long the file. Safe to share between threads.
 */
public class ElevhalsaReader {

    static final String SCHEMA = "mappings/xsd/elevhalsa-export-1.xsd";

    /**
     * What one file may hold before it is refused whole (GW-1004). The schema nests 6 levels deep; its longest
     * text is 20,000 characters; an attached document is at most 5 MiB, about 7.4 million base64 characters
     * with line breaks; a record of the largest kind (a SIP at its limits) has under 1,500 elements.
     */
    record Limits(int depth, int textChars, int documentChars, int bytesWithoutMarkup, int elementsPerRecord,
                  int records) {
        static final Limits DEFAULT = new Limits(16, 40_000, 8_000_000, 256 << 10, 2_000, 250_000);
    }

    private final Schema schema;
    private final JAXBContext jaxb;
    private final Limits limits;
    private final XMLInputFactory stax;

    public ElevhalsaReader() {
        this(Limits.DEFAULT);
    }

    ElevhalsaReader(Limits limits) {
        this.limits = limits;
        this.stax = SafeXml.staxFactory(limits.depth());
        this.schema = ExportSchema.load(SCHEMA, "elevhälsa export");
        try {
            this.jaxb = JAXBContext.newInstance(se.samverkan.gateway.elevhalsa.xml.ObjectFactory.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot load the elevhälsa export classes", e);
        }
    }

    /**
     * Rejects the file whole unless it is well-formed, free of DOCTYPE, within {@link Limits} and valid against
     * the schema. A DOCTYPE is refused the moment the parser meets it: no entity is defined, expanded or fetched.
     */
    public void validate(Path file) {
        ExportSchema.validate(file, schema, new ExportWatch(limits));
    }

    /** Opens a file {@link #validate validated} before; the caller closes the batch. */
    public ElevhalsaBatch open(Path file) {
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file));
            XMLStreamReader xml = stax.createXMLStreamReader(in);
            Unmarshaller unmarshaller = jaxb.createUnmarshaller();
            if (!nextElement(xml, "header")) {
                throw new BatchRejectedException("GW-1001", xml.getLocation().getLineNumber(), "no header", null);
            }
            BatchHeader header = unmarshaller.unmarshal(xml, BatchHeader.class).getValue();
            InputStream opened = in;
            return new ElevhalsaBatch(header, new Records(xml, unmarshaller), () -> {
                xml.close();
                opened.close();
            });
        } catch (IOException | XMLStreamException | JAXBException | RuntimeException e) {
            ExportSchema.closeQuietly(in);
            if (e instanceof BatchRejectedException rejected) {
                throw rejected;
            }
            throw new BatchRejectedException("GW-1001", 0, "cannot read batch: " + redact(e.getMessage()), e);
        }
    }

    /** Validator messages quote the offending value, which may be an identity number or a name: drop it. */
    static String redact(String message) {
        return SchemaRefusal.redact(message);
    }

    private static boolean nextElement(XMLStreamReader xml, String localName) throws XMLStreamException {
        return nextElement(xml, name -> name.equals(localName)).isPresent();
    }

    /** Moves to the next start element the test accepts, and answers its name. */
    private static Optional<String> nextElement(XMLStreamReader xml, java.util.function.Predicate<String> wanted)
            throws XMLStreamException {
        while (xml.hasNext()) {
            if (xml.getEventType() == XMLStreamConstants.START_ELEMENT && wanted.test(xml.getLocalName())) {
                return Optional.of(xml.getLocalName());
            }
            if (xml.getEventType() == XMLStreamConstants.DTD) {
                // the first pass refuses a DOCTYPE; this is for a caller that opens a file without it
                throw new BatchRejectedException("GW-1002", xml.getLocation().getLineNumber(), SchemaRefusal.DOCTYPE_REFUSED, null);
            }
            xml.next();
        }
        return Optional.empty();
    }

    /** One record at a time, each with its position, its line, and the line of an earlier record with its id. */
    private static final class Records implements Iterator<ElevhalsaRecord> {
        private final XMLStreamReader xml;
        private final Unmarshaller unmarshaller;
        private final Map<String, Integer> seen = new HashMap<>();
        private int position;

        Records(XMLStreamReader xml, Unmarshaller unmarshaller) {
            this.xml = xml;
            this.unmarshaller = unmarshaller;
        }

        @Override
        public boolean hasNext() {
            try {
                return nextElement(xml, name -> RecordKind.ofElement(name).isPresent()).isPresent();
            } catch (XMLStreamException e) {
                throw new BatchRejectedException("GW-1001", e.getLocation().getLineNumber(), redact(e.getMessage()), e);
            }
        }

        @Override
        public ElevhalsaRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordKind kind = RecordKind.ofElement(xml.getLocalName()).orElseThrow();
            int line = xml.getLocation().getLineNumber();
            try {
                ExportRecord record = unmarshaller.unmarshal(xml, kind.type()).getValue();
                Integer first = seen.putIfAbsent(record.getRecordId(), line);
                return new ElevhalsaRecord(++position, line, kind, record, first == null ? 0 : first);
            } catch (JAXBException e) {
                throw new BatchRejectedException("GW-1001", xml.getLocation().getLineNumber(),
                        redact(String.valueOf(e.getMessage() != null ? e.getMessage() : e.getLinkedException())), e);
            }
        }
    }
}
