package se.samverkan.gateway.bhv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The first pass every export reader (BHV, elevhälsa) makes over a file: the whole file against its schema, through
 * the hardened parser and a {@link ParseWatch}, before a single record is read. The file is rejected whole unless
 * it is well-formed, free of DOCTYPE, within the watch's limits and valid; the parser refuses a DOCTYPE the moment
 * it meets one, before it has read a single declaration, so no entity is ever defined, expanded or fetched.
 */
public final class ExportSchema {

    private ExportSchema() {
    }

    /** The schema from the classpath; a missing or broken one stops the start. */
    public static Schema load(String resource, String what) {
        URL xsd = ExportSchema.class.getClassLoader().getResource(resource);
        if (xsd == null) {
            throw new IllegalStateException("schema missing from classpath: " + resource);
        }
        try {
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("cannot load the " + what + " schema", e);
        }
    }

    /** @throws BatchRejectedException with code, line, record and element, and no value from the file */
    public static void validate(Path file, Schema schema, ParseWatch watch) {
        try (InputStream in = watch.watch(new BufferedInputStream(Files.newInputStream(file)))) {
            XMLReader parser = SafeXml.saxFactory().newSAXParser().getXMLReader();
            parser.setProperty(SafeXml.LOCALE, Locale.ENGLISH);
            watch.setParent(parser);
            Validator validator = schema.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setProperty(SafeXml.LOCALE, Locale.ENGLISH);
            SchemaRefusal.FailFast errors = new SchemaRefusal.FailFast(watch::where);
            validator.setErrorHandler(errors);
            validator.validate(new SAXSource(watch, new InputSource(in)));
            errors.rethrow();
        } catch (SchemaRefusal e) {
            throw e.located(file).rejection();
        } catch (ParseWatch.TooLarge e) {
            throw new SchemaRefusal("GW-1004", e.line, e.where, e.getMessage()).rejection();
        } catch (UnsupportedEncodingException e) {
            throw new BatchRejectedException("GW-1001", 1, "the declared encoding is not supported: "
                    + SchemaRefusal.redact(e.getMessage()), null);
        } catch (SAXException | ParserConfigurationException e) {
            throw new BatchRejectedException("GW-1001", watch.line(), SchemaRefusal.redact(e.getMessage()), e);
        } catch (IOException e) {
            throw new BatchRejectedException("GW-1003", 0, "cannot read file: " + e.getMessage(), e);
        }
    }

    /** Closes a file that is refused already; a failed close adds nothing. */
    public static void closeQuietly(InputStream in) {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            // the file is refused already
        }
    }
}
