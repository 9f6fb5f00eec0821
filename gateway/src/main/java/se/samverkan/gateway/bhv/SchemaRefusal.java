package se.samverkan.gateway.bhv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import se.samverkan.gateway.identity.Redaction;

/**
 * A refusal found during the first pass over an export file (BHV or elevhälsa): it carries its code and where
 * it was found (record, element) until the parse has unwound, then becomes the file's rejection. Shared by both
 * readers, with the error handler that produces it and the redaction of parser messages.
 */
public final class SchemaRefusal extends SAXException {

    public static final String DOCTYPE_REFUSED = "DOCTYPE declarations are not accepted (external entities are refused)";

    private final String code;
    private final int line;
    private final String where;

    public SchemaRefusal(String code, int line, String where, String reason) {
        super(reason);
        this.code = code;
        this.line = line;
        this.where = where;
    }

    /** The reason is the gateway's own or already redacted; the place holds a record id from the file. */
    public BatchRejectedException rejection() {
        return new BatchRejectedException(code, line, where.isEmpty() ? getMessage()
                : redact(where) + ": " + getMessage(), null);
    }

    /** Some bytes that are not UTF-8 the parser reports on line 1, having read ahead: find their real line. */
    public SchemaRefusal located(Path file) {
        if (!String.valueOf(getMessage()).contains("UTF-8 sequence")) {
            return this;
        }
        try {
            int found = Utf8Check.firstBadLine(file);
            return found == 0 || found == line ? this : new SchemaRefusal(code, found, "", getMessage());
        } catch (IOException e) {
            return this;
        }
    }

    /** Parser and validator messages quote values (names, numbers): quoted values go whole, numbers by the common rule. */
    public static String redact(String message) {
        if (message == null) {
            return "invalid";
        }
        return Redaction.numbers(message
                .replaceAll("(?i)(value )'[^']*'", "$1" + Redaction.MARK)
                .replaceAll("^(cvc-datatype-valid[^:]*: )'[^']*'", "$1" + Redaction.MARK));
    }

    /**
     * Stops at the first error, but lets the validator add its companion message for the same spot: Xerces
     * reports the broken facet first and the element's name in a second message. Where the error is (record,
     * element) is taken when it is reported, not when the parse stops.
     */
    public static final class FailFast implements ErrorHandler {
        private final Supplier<String> where;
        private SAXParseException first;
        private String firstWhere;

        /** @param where which record and element the parse is in now */
        public FailFast(Supplier<String> where) {
            this.where = where;
        }

        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SchemaRefusal {
            if (first == null) {
                first = e;
                firstWhere = where.get();
                return;
            }
            if (first.getLineNumber() == e.getLineNumber() && first.getColumnNumber() == e.getColumnNumber()) {
                throw new SchemaRefusal("GW-1001", first.getLineNumber(), firstWhere,
                        redact(first.getMessage() + " " + e.getMessage()));
            }
            rethrow();
        }

        @Override
        public void fatalError(SAXParseException e) throws SchemaRefusal {
            rethrow();
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new SchemaRefusal("GW-1002", e.getLineNumber(), "", DOCTYPE_REFUSED);
            }
            // the JDK's own limits (entity sizes, name length, attributes per element) report as JAXP000...
            throw new SchemaRefusal(message.startsWith("JAXP0") ? "GW-1004" : "GW-1001", e.getLineNumber(),
                    where.get(), redact(message));
        }

        public void rethrow() throws SchemaRefusal {
            if (first != null) {
                throw new SchemaRefusal("GW-1001", first.getLineNumber(), firstWhere, redact(first.getMessage()));
            }
        }
    }
}
