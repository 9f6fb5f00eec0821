package se.samverkan.gateway.bhv;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import se.samverkan.gateway.bhv.xml.BatchHeader;
import se.samverkan.gateway.bhv.xml.ChildRecord;

/**
 * Reads a BHV export in two streaming passes: the first validates the whole file against the schema
 * (a file that fails is rejected whole, with line, record, element and reason), the second hands out one
 * record at a time, so memory stays flat however large the cohort. Both passes use the JDK's own parser,
 * so the second reads the file as the first validated it.
 */
public class BhvBatchReader {

    static final String NS = "urn:samverkan:bhv-export:1";
    static final String SCHEMA = "mappings/xsd/bhv-export-1.xsd";

    /**
     * What one file may hold before it is refused whole (GW-1004), so that reading it stays bounded in
     * memory and time. Each is far beyond a real export: the schema nests 5 levels deep, its longest
     * text is 20,000 characters (40,000 UTF-16 units at most), a comment or tag of a real export is a
     * line, a full record has about 60 elements, and Sweden's whole cohort of school starters is about
     * 120,000 children. The record limit also bounds what a batch keeps per record (its repeat check).
     */
    record Limits(int depth, int textChars, int bytesWithoutMarkup, int elementsPerRecord, int records) {
        static final Limits DEFAULT = new Limits(16, 40_000, 256 << 10, 2_000, 250_000);
    }

    private final Schema schema;
    private final JAXBContext jaxb;
    private final Limits limits;
    private final XMLInputFactory stax;

    public BhvBatchReader() {
        this(Limits.DEFAULT);
    }

    BhvBatchReader(Limits limits) {
        this.limits = limits;
        this.stax = SafeXml.staxFactory(limits.depth());
        this.schema = ExportSchema.load(SCHEMA, "BHV export");
        try {
            this.jaxb = JAXBContext.newInstance(ChildRecord.class, BatchHeader.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot load the BHV export classes", e);
        }
    }

    /**
     * Rejects the file whole unless it is well-formed, free of DOCTYPE, within {@link Limits}, and valid
     * against the schema. The parser refuses a DOCTYPE the moment it meets one, before it has read a single
     * declaration: no entity is ever defined, expanded or fetched.
     */
    public void validate(Path file) {
        ExportSchema.validate(file, schema, new BatchWatch(limits));
    }

    /** Opens a validated file; the caller closes the batch. */
    public BhvBatch open(Path file) {
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file));
            XMLStreamReader xml = stax.createXMLStreamReader(in);
            Unmarshaller unmarshaller = jaxb.createUnmarshaller();
            nextElement(xml, "header");
            BatchHeader header = unmarshaller.unmarshal(xml, BatchHeader.class).getValue();
            InputStream opened = in;
            jakarta.xml.bind.Marshaller marshaller = jaxb.createMarshaller();
            marshaller.setProperty(jakarta.xml.bind.Marshaller.JAXB_FRAGMENT, true);
            return new BhvBatch(header, new Records(xml, unmarshaller, marshaller), () -> {
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

    /**
     * Validator messages quote the offending value, which may be an identity number or a name: keep the
     * element and the rule, drop the value.
     */
    static String redact(String message) {
        return SchemaRefusal.redact(message);
    }

    private static boolean nextElement(XMLStreamReader xml, String localName) throws XMLStreamException {
        while (xml.hasNext()) {
            if (xml.getEventType() == XMLStreamConstants.START_ELEMENT && localName.equals(xml.getLocalName())) {
                return true;
            }
            if (xml.getEventType() == XMLStreamConstants.DTD) {
                // the first pass refuses a DOCTYPE; this is for a caller that opens a file without it
                throw new BatchRejectedException("GW-1002", xml.getLocation().getLineNumber(), SchemaRefusal.DOCTYPE_REFUSED, null);
            }
            xml.next();
        }
        return false;
    }

    /**
     * One record at a time; each carries the line it starts on, for error messages, and whether it repeats
     * an earlier record of the batch.
     */
    private static final class Records implements Iterator<BhvRecord> {
        private final XMLStreamReader xml;
        private final Unmarshaller unmarshaller;
        private final RepeatCheck repeats = new RepeatCheck();
        private int position;

        private final jakarta.xml.bind.Marshaller marshaller;

        Records(XMLStreamReader xml, Unmarshaller unmarshaller, jakarta.xml.bind.Marshaller marshaller) {
            this.xml = xml;
            this.unmarshaller = unmarshaller;
            this.marshaller = marshaller;
        }

        /** The record's content as the schema sees it (written out again: layout and comments do not count). */
        private String digest(ChildRecord record) {
            try {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                try (java.io.OutputStream out = new java.security.DigestOutputStream(
                        java.io.OutputStream.nullOutputStream(), sha)) {
                    marshaller.marshal(new jakarta.xml.bind.JAXBElement<>(new javax.xml.namespace.QName("child"),
                            ChildRecord.class, record), out);
                }
                return java.util.HexFormat.of().formatHex(sha.digest());
            } catch (JAXBException | java.io.IOException | java.security.NoSuchAlgorithmException e) {
                return null;
            }
        }

        @Override
        public boolean hasNext() {
            try {
                return nextElement(xml, "child");
            } catch (XMLStreamException e) {
                throw new BatchRejectedException("GW-1001", e.getLocation().getLineNumber(), redact(e.getMessage()), e);
            }
        }

        @Override
        public BhvRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                int line = xml.getLocation().getLineNumber();
                ChildRecord record = unmarshaller.unmarshal(xml, ChildRecord.class).getValue();
                return new BhvRecord(++position, line, record, repeats.repeat(record, line), digest(record));
            } catch (JAXBException e) {
                throw new BatchRejectedException("GW-1001", xml.getLocation().getLineNumber(),
                        redact(String.valueOf(e.getMessage() != null ? e.getMessage() : e.getLinkedException())), e);
            }
        }
    }
}
