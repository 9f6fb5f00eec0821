package se.samverkan.gateway.bhv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Sits between the parser and the schema validator in the first pass over an export (BHV or elevhälsa). It
 * knows where the parse is (which record, which element), so every refusal can name the record and the field,
 * and it holds the parse to limits: the validator buffers a whole text before it checks a length facet, and the
 * parser buffers a whole comment or start tag before it reports anything, so neither may grow unchecked. A
 * subclass says which elements are records and how long a text may be.
 */
public abstract class ParseWatch extends XMLFilterImpl {

    /** How far a file may go: nesting, bytes without markup, elements per record, records per file. */
    public record Limits(int depth, int bytesWithoutMarkup, int elementsPerRecord, int records) {
    }

    private final Limits limits;
    private final String[] path;
    private Locator locator;
    private int depth;
    private long text;
    private int records;
    private int recordElements;
    private String recordId;
    private long consumed;
    private long lastEvent;

    protected ParseWatch(Limits limits) {
        this.limits = limits;
        this.path = new String[limits.depth() + 1];
    }

    /** Whether an element under the root is a record. */
    protected abstract boolean isRecord(String localName);

    /** How a record is named in a message ("record", or the record's element name). */
    protected abstract String recordLabel(String localName);

    /** Why the text so far in the current element is too long, or null while it is not. */
    protected abstract String tooLong(long textChars);

    /** The element at this depth of the current path (1: the root). */
    protected final String element(int level) {
        return level >= 1 && level <= depth ? path[level] : null;
    }

    protected final int depth() {
        return depth;
    }

    /** The file as the parser reads it: refused once it has read too far without a single event. */
    public InputStream watch(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                advance(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                advance(Math.max(n, 0));
                return n;
            }
        };
    }

    private void advance(int n) throws TooLarge {
        consumed += n;
        if (consumed - lastEvent > limits.bytesWithoutMarkup()) {
            // a comment, processing instruction or start tag the parser would hold in memory whole
            throw new TooLarge(line(), where(), "more than " + limits.bytesWithoutMarkup() / 1024
                    + " KiB without an element or a text (an over-long comment, tag or attribute value)");
        }
    }

    /** Which record and element the parse is in, for a message: never a value from the file but the record id. */
    public String where() {
        StringBuilder at = new StringBuilder();
        if (depth >= 2 && isRecord(path[2])) {
            at.append(recordLabel(path[2])).append(' ').append(recordId == null ? "" : recordId + " ")
                    .append("(no. ").append(records).append(" in the batch)");
        } else if (depth >= 2) {
            at.append(path[2]);
        }
        if (depth >= 3) {
            at.append(", element ");
            for (int i = 3; i <= depth; i++) {
                at.append(i == 3 ? "" : "/").append(path[i]);
            }
        }
        return at.toString();
    }

    public int line() {
        return locator == null ? 0 : locator.getLineNumber();
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        this.locator = locator;
        super.setDocumentLocator(locator);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        lastEvent = consumed;
        text = 0;
        if (++depth > limits.depth()) {
            depth = limits.depth();
            throw refusal("elements nested deeper than " + limits.depth() + " levels");
        }
        path[depth] = localName;
        if (depth == 2 && isRecord(localName)) {
            recordId = printable(atts.getValue("recordId"));
            recordElements = 0;
            if (++records > limits.records()) {
                throw refusal("more than " + limits.records() + " records in one file");
            }
        } else if (depth > 2 && ++recordElements > limits.elementsPerRecord()) {
            throw refusal("more than " + limits.elementsPerRecord() + " elements in one record");
        }
        super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        lastEvent = consumed;
        text = 0;
        super.endElement(uri, localName, qName);
        depth--;
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        text(length);
        super.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        text(length);
        super.ignorableWhitespace(ch, start, length);
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
        lastEvent = consumed;
        super.processingInstruction(target, data);
    }

    private void text(int length) throws SAXException {
        lastEvent = consumed;
        text += length;
        String why = tooLong(text);
        if (why != null) {
            throw refusal(why);
        }
    }

    private SchemaRefusal refusal(String reason) {
        return new SchemaRefusal("GW-1004", line(), where(), reason);
    }

    /** The record id as the sender wrote it, if it looks like one (the schema has not seen it yet). */
    private static String printable(String id) {
        return id != null && id.matches("[\\p{Alnum}._:/-]{1,64}") ? id : null;
    }

    /** Thrown from inside the parser's read, where only an IOException may pass. */
    public static final class TooLarge extends IOException {
        public final int line;
        public final String where;

        TooLarge(int line, String where, String reason) {
            super(reason);
            this.line = line;
            this.where = where;
        }
    }
}
