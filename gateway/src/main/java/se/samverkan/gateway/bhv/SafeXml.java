package se.samverkan.gateway.bhv;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import org.xml.sax.SAXException;

/**
 * Parser factories that refuse DOCTYPE declarations and never resolve external entities (XXE). Public for the
 * other batch readers (elevhälsa), which must read as safely.
 */
public final class SafeXml {

    /** Xerces follows the JVM's locale: a Swedish server would otherwise write Swedish reasons. */
    public static final String LOCALE = "http://apache.org/xml/properties/locale";

    private SafeXml() {
    }

    public static SAXParserFactory saxFactory() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be made safe", e);
        }
    }

    /**
     * The JDK's own StAX parser, which shares its scanner and decoders with the SAX parser of the validating
     * pass. newFactory() would take whichever implementation a dependency happens to bring (Woodstox, by way
     * of the HL7 validator): a second parser with its own reading of encodings, limits and edge cases, after
     * the first one has validated the file. Woodstox is faster; the difference is seconds per 200 MB.
     */
    public static XMLInputFactory staxFactory(int maxDepth) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty("jdk.xml.maxElementDepth", String.valueOf(maxDepth));
        return factory;
    }
}
