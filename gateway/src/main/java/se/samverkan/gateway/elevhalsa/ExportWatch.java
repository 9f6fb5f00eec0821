package se.samverkan.gateway.elevhalsa;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;
import se.samverkan.gateway.bhv.SchemaRefusal;

/**
 * Sits between the parser and the schema validator in the first pass, as the BHV reader's watch does: it
 * knows which record and element the parse is in, so a refusal names them, and it holds the parse to
 * {@link ElevhalsaReader.Limits}. An attached document's base64 text has a limit of its own; every other
 * text has the common one.
 */
final class ExportWatch extends XMLFilterImpl {

    private final ElevhalsaReader.Limits limits;
    private final String[] path;
    private Locator locator;
    private int depth;
    private long text;
    private int records;
    private int recordElements;
    private String recordId;
    private long consumed;
    private long lastEvent;

    ExportWatch(ElevhalsaReader.Limits limits) {
        this.limits = limits;
        this.path = new String[limits.depth() + 1];
    }

    /** The file as the parser reads it: refused once it has read too far without a single event. */
    InputStream watch(InputStream in) {
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
            throw new TooLarge(line(), where(), "more than " + limits.bytesWithoutMarkup() / 1024
                    + " KiB without an element or a text (an over-long comment, tag or attribute value)");
        }
    }

    /** Which record and element the parse is in: never a value from the file but the record id. */
    String where() {
        StringBuilder at = new StringBuilder();
        if (depth >= 2 && isRecord(path[2])) {
            at.append(path[2]).append(' ').append(recordId == null ? "" : recordId + " ")
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

    int line() {
        return locator == null ? 0 : locator.getLineNumber();
    }

    private static boolean isRecord(String localName) {
        return RecordKind.ofElement(localName).isPresent();
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
        // an attached document (attachment/data) is the one text that may be long
        boolean document = depth >= 4 && "data".equals(path[depth]) && "attachment".equals(path[depth - 1]);
        long limit = document ? limits.documentChars() : limits.textChars();
        if (text > limit) {
            throw refusal(document ? "an attached document longer than " + limit + " base64 characters"
                    : "a text longer than " + limit + " characters");
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
    static final class TooLarge extends IOException {
        final int line;
        final String where;

        TooLarge(int line, String where, String reason) {
            super(reason);
            this.line = line;
            this.where = where;
        }
    }
}
