package se.samverkan.gateway.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The size of each element of a FHIR resource written to the FHIR face, before HAPI parses it: a Consent or a
 * RelatedPerson is stored, and a 9 MB note in one of them (thirty of them, then a search) took H2 down. One
 * pass over the JSON or XML as a stream, nothing built; the first element over the limit is named by its path
 * ({@code Consent.sourceAttachment.data}), never by its content.
 */
final class ElementLimits {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build()).build();
    private static final XMLInputFactory XML = xmlFactory();

    private final long maxElement;

    ElementLimits(long maxElement) {
        this.maxElement = maxElement;
    }

    /** What is too large ("element X is N characters, at most M allowed"), or empty when everything fits. */
    Optional<String> check(byte[] body, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        try {
            if (type.contains("xml") || (!type.contains("json") && firstCharacter(body) == '<')) {
                return xml(body);
            }
            return json(body);
        } catch (IOException | XMLStreamException | RuntimeException e) {
            // not ours to judge: HAPI answers a body it cannot parse with its own 400
            return Optional.empty();
        }
    }

    private Optional<String> json(byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            String resourceType = null;
            for (JsonToken token; (token = parser.nextToken()) != null; ) {
                if (token == JsonToken.VALUE_STRING) {
                    if (resourceType == null && parser.getParsingContext().getParent() != null
                            && parser.getParsingContext().getParent().inRoot()
                            && "resourceType".equals(parser.currentName())) {
                        resourceType = parser.getText();
                    }
                    int length = parser.getTextLength();
                    if (length > maxElement) {
                        String pointer = parser.getParsingContext().pathAsPointer().toString();
                        return Optional.of(tooLarge(path(resourceType, pointer), length));
                    }
                }
            }
            return Optional.empty();
        }
    }

    private Optional<String> xml(byte[] body) throws XMLStreamException {
        XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
        try {
            Deque<String> path = new ArrayDeque<>();
            long text = 0;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamReader.START_ELEMENT -> {
                        path.addLast(reader.getLocalName());
                        text = 0;
                        for (int i = 0; i < reader.getAttributeCount(); i++) {
                            if (reader.getAttributeValue(i).length() > maxElement) {
                                return Optional.of(tooLarge(String.join(".", path), reader.getAttributeValue(i)
                                        .length()));
                            }
                        }
                    }
                    case XMLStreamReader.CHARACTERS, XMLStreamReader.CDATA -> {
                        text += reader.getTextLength();
                        if (text > maxElement) {
                            return Optional.of(tooLarge(String.join(".", path), text));
                        }
                    }
                    case XMLStreamReader.END_ELEMENT -> {
                        path.pollLast();
                        text = 0;
                    }
                    default -> {
                    }
                }
            }
            return Optional.empty();
        } finally {
            reader.close();
        }
    }

    private String tooLarge(String element, long length) {
        return "element " + element + " is " + length + " characters, at most " + maxElement + " allowed"
                + " (gateway.security.max-element-size)";
    }

    /** "/sourceAttachment/data" of a Consent as "Consent.sourceAttachment.data"; array indexes in brackets. */
    static String path(String resourceType, String pointer) {
        StringBuilder path = new StringBuilder(resourceType == null ? "(resource)" : safeName(resourceType));
        for (String step : pointer.split("/")) {
            if (step.isEmpty()) {
                continue;
            }
            if (step.chars().allMatch(Character::isDigit)) {
                path.append('[').append(step).append(']');
            } else {
                path.append('.').append(safeName(step.replace("~1", "/").replace("~0", "~")));
            }
        }
        return path.toString();
    }

    /** Names come from the body: only what a FHIR element name can be, the rest as '?'. */
    private static String safeName(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) : name;
        return cut.replaceAll("[^A-Za-z0-9_\\-\\[\\]]", "?");
    }

    private static int firstCharacter(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return b;
            }
        }
        return -1;
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException notTheJdks) {
            // Woodstox has no such property; without DTD support there is nothing to fetch anyway
        }
        return factory;
    }
}
