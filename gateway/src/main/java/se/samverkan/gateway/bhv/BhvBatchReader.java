package se.samverkan.gateway.bhv;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import se.samverkan.gateway.bhv.xml.BatchHeader;
import se.samverkan.gateway.bhv.xml.ChildRecord;

/**
 * Reads a BHV export in two streaming passes: the first validates the whole file against the schema
 * (a file that fails is rejected whole, with line and reason), the second hands out one record at a
 * time, so memory stays flat however large the cohort.
 */
public class BhvBatchReader {

    static final String NS = "urn:samverkan:bhv-export:1";
    static final String SCHEMA = "mappings/xsd/bhv-export-1.xsd";

    private final Schema schema;
    private final JAXBContext jaxb;
    private final XMLInputFactory stax = SafeXml.staxFactory();

    public BhvBatchReader() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            URL xsd = getClass().getClassLoader().getResource(SCHEMA);
            if (xsd == null) {
                throw new IllegalStateException("schema missing from classpath: " + SCHEMA);
            }
            this.schema = factory.newSchema(xsd);
            this.jaxb = JAXBContext.newInstance(ChildRecord.class, BatchHeader.class);
        } catch (SAXException | JAXBException e) {
            throw new IllegalStateException("cannot load the BHV export schema", e);
        }
    }

    /** Rejects the file whole unless it is well-formed, free of DOCTYPE, and valid against the schema. */
    public void validate(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            XMLReader reader = SafeXml.saxFactory().newSAXParser().getXMLReader();
            Validator validator = schema.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            FailFast errors = new FailFast();
            validator.setErrorHandler(errors);
            validator.validate(new SAXSource(reader, new InputSource(in)));
            errors.rethrow();
        } catch (SAXParseException e) {
            boolean doctype = e.getMessage() != null && e.getMessage().contains("DOCTYPE");
            throw new BatchRejectedException(doctype ? "GW-1002" : "GW-1001", e.getLineNumber(),
                    doctype ? "DOCTYPE declarations are not accepted (external entities are refused)"
                            : redact(e.getMessage()), null);
        } catch (SAXException | javax.xml.parsers.ParserConfigurationException e) {
            throw new BatchRejectedException("GW-1001", 0, e.getMessage(), e);
        } catch (IOException e) {
            throw new BatchRejectedException("GW-1003", 0, "cannot read file: " + e.getMessage(), e);
        }
    }

    /** Opens a validated file; the caller closes the batch. */
    public BhvBatch open(Path file) {
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            XMLStreamReader xml = stax.createXMLStreamReader(in);
            Unmarshaller unmarshaller = jaxb.createUnmarshaller();
            nextElement(xml, "header");
            BatchHeader header = unmarshaller.unmarshal(xml, BatchHeader.class).getValue();
            return new BhvBatch(header, new Records(xml, unmarshaller), () -> {
                xml.close();
                in.close();
            });
        } catch (IOException | XMLStreamException | JAXBException e) {
            throw new BatchRejectedException("GW-1001", 0, "cannot read batch: " + e.getMessage(), e);
        }
    }

    /**
     * Validator messages quote the offending value, which may be an identity number or a name: keep the
     * element and the rule, drop the value.
     */
    static String redact(String message) {
        if (message == null) {
            return "invalid";
        }
        return message
                .replaceAll("(?i)(value )'[^']*'", "$1[redacted]")
                .replaceAll("^(cvc-datatype-valid[^:]*: )'[^']*'", "$1[redacted]")
                .replaceAll("\\d{6,}", "[redacted]");
    }

    private static boolean nextElement(XMLStreamReader xml, String localName) throws XMLStreamException {
        while (xml.hasNext()) {
            if (xml.getEventType() == XMLStreamConstants.START_ELEMENT && localName.equals(xml.getLocalName())) {
                return true;
            }
            xml.next();
        }
        return false;
    }

    /** One record at a time; each carries the line it starts on, for error messages. */
    private static final class Records implements Iterator<BhvRecord> {
        private final XMLStreamReader xml;
        private final Unmarshaller unmarshaller;
        private int position;

        Records(XMLStreamReader xml, Unmarshaller unmarshaller) {
            this.xml = xml;
            this.unmarshaller = unmarshaller;
        }

        @Override
        public boolean hasNext() {
            try {
                return nextElement(xml, "child");
            } catch (XMLStreamException e) {
                throw new BatchRejectedException("GW-1001", e.getLocation().getLineNumber(), e.getMessage(), e);
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
                return new BhvRecord(++position, line, record);
            } catch (JAXBException e) {
                throw new BatchRejectedException("GW-1001", xml.getLocation().getLineNumber(), e.getMessage(), e);
            }
        }
    }

    /**
     * Stops at the first error, but lets the validator add its companion message for the same spot:
     * Xerces reports the broken facet first and the element's name in a second message.
     */
    private static final class FailFast implements ErrorHandler {
        private SAXParseException first;

        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            if (first == null) {
                first = e;
                return;
            }
            if (first.getLineNumber() == e.getLineNumber() && first.getColumnNumber() == e.getColumnNumber()) {
                throw new SAXParseException(first.getMessage() + " " + e.getMessage(), null, null,
                        first.getLineNumber(), first.getColumnNumber());
            }
            throw first;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw first != null ? first : e;
        }

        void rethrow() throws SAXParseException {
            if (first != null) {
                throw first;
            }
        }
    }
}
