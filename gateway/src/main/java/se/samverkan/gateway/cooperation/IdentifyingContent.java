package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import se.samverkan.gateway.fhir.Systems;

/**
 * Finds every place in a resource that may identify a child (rule C7): it walks all elements, contained
 * resources, extensions, references, narrative and attachments. A finding names the FHIRPath-like place and
 * the kind of content, never the content itself, so findings may go into logs and answers.
 *
 * <p>Two uses: the gateway refuses a consultation sent as anonymous while anything is found in it, and the
 * tests prove with it that an anonymised consultation is clean. Stateless and thread-safe.
 */
public final class IdentifyingContent {

    /** What was found; each kind is a reason C7 forbids the content. */
    public enum Kind {
        /** Text that reads as a personnummer or samordningsnummer (form, date and check digit), anywhere. */
        IDENTITY_NUMBER,
        /** An Identifier whose system is personnummer or samordningsnummer. */
        IDENTITY_IDENTIFIER,
        /** Any other Identifier that is not an organisation's: a record id leads back to the identified record. */
        RECORD_IDENTIFIER,
        NAME,
        ADDRESS,
        /** A ContactPoint (phone, e-mail, ...). */
        CONTACT_POINT,
        /** A birth date more exact than the year, or any exact date on the child (a contained Patient). */
        BIRTH_DATE,
        /** Anything on the child beyond gender and birth year (municipality, managing organisation, ...). */
        PATIENT_DETAIL,
        /** A contained RelatedPerson: a guardian or other person tied to the child. */
        RELATED_PERSON,
        /** A reference that is neither to an Organization by identifier nor to the contained "#child". */
        REFERENCE,
        /** Free text not marked de-identified (extension de-identified = true on it or an element around it). */
        FREE_TEXT,
        /** Narrative (text.div) with content: free text that cannot be marked de-identified. */
        NARRATIVE,
        /** An attachment: a document can't be proven de-identified. */
        ATTACHMENT
    }

    /** One place and what it holds; {@link #toString()} is safe to log. */
    public record Finding(String path, Kind kind) {
        @Override
        public String toString() {
            return path + ": " + kind;
        }
    }

    /** The contained Patient an anonymous consultation may refer to. */
    static final String CHILD_REFERENCE = "#child";

    // on a Patient only these say nothing beyond gender and birth year, or are reported by a kind of their own
    private static final Set<String> PATIENT_ELEMENTS_REPORTED_OTHERWISE =
            Set.of("id", "gender", "birthDate", "identifier", "name", "telecom", "address", "text");

    /** Every place in the resource that may identify a child, in document order; empty when none. */
    public List<Finding> find(Resource resource) {
        Walk walk = new Walk();
        walk.resource(resource, resource.fhirType(), false);
        return List.copyOf(walk.found);
    }

    /** A Reference C7 allows: the contained anonymised child, or an Organization named by a non-personal identifier. */
    static boolean allowedReference(Reference ref) {
        if (CHILD_REFERENCE.equals(ref.getReference())) {
            // a parser links the contained resource to the reference; it is walked as contained
            return !ref.hasIdentifier();
        }
        // a resource set on a reference in memory would be contained by the encoder: a link all the same
        return ref.getResource() == null && organisationByIdentifier(ref);
    }

    static boolean organisationByIdentifier(Reference ref) {
        return !ref.hasReference() && "Organization".equals(ref.getType()) && ref.hasIdentifier()
                && ref.getIdentifier().hasValue() && !Systems.isIdentitySystem(ref.getIdentifier().getSystem());
    }

    static boolean marksDeIdentified(Element element) {
        for (Extension e : element.getExtension()) {
            if (Systems.DE_IDENTIFIED_EXT.equals(e.getUrl()) && e.getValue() instanceof BooleanType b
                    && Boolean.TRUE.equals(b.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static final class Walk {

        private final List<Finding> found = new ArrayList<>();
        // a resource reached twice (contained and set on a Reference in memory) is reported once
        private final Map<Base, Boolean> seen = new IdentityHashMap<>();

        void add(String path, Kind kind) {
            found.add(new Finding(path, kind));
        }

        void resource(Resource r, String path, boolean contained) {
            if (seen.put(r, Boolean.TRUE) != null) {
                return;
            }
            if (contained && r instanceof RelatedPerson) {
                add(path, Kind.RELATED_PERSON);
            }
            element(r, path, r instanceof Patient, false);
        }

        /** {@code inPatient}: inside the child's record; {@code deIdentified}: inside text the source marked. */
        void element(Base b, String path, boolean inPatient, boolean deIdentified) {
            if (b instanceof HumanName) {
                add(path, Kind.NAME);
                return;
            }
            if (b instanceof Address) {
                add(path, Kind.ADDRESS);
                return;
            }
            if (b instanceof ContactPoint) {
                add(path, Kind.CONTACT_POINT);
                return;
            }
            if (b instanceof Narrative n) {
                narrative(n, path);
                return;
            }
            if (b instanceof Reference ref && !allowedReference(ref)) {
                add(path, Kind.REFERENCE);
            }
            if (b instanceof Attachment) {
                add(path, Kind.ATTACHMENT);
            }
            boolean marked = deIdentified || (b instanceof Element e && marksDeIdentified(e));
            for (Property p : b.children()) {
                List<Base> values = p.getValues();
                for (int i = 0; i < values.size(); i++) {
                    Base v = values.get(i);
                    if (v == null || (v.isEmpty() && !(v instanceof Resource))) {
                        continue;
                    }
                    String at = path + "." + name(p, v) + (p.isList() ? "[" + i + "]" : "");
                    if (b instanceof Patient && !PATIENT_ELEMENTS_REPORTED_OTHERWISE.contains(p.getName())) {
                        add(at, Kind.PATIENT_DETAIL);
                    }
                    if (v instanceof Resource r) {
                        resource(r, at, true);
                        continue;
                    }
                    if (v instanceof Identifier id) {
                        identifier(b, p.getName(), id, at);
                    }
                    if (v instanceof PrimitiveType<?> primitive) {
                        primitive(b, p.getName(), primitive, at, inPatient, marked);
                    }
                    element(v, at, inPatient, marked);
                }
            }
            if (b instanceof Reference ref && ref.getResource() instanceof Resource target) {
                resource(target, path + ".resource", true);
            }
        }

        void identifier(Base owner, String property, Identifier id, String path) {
            if (Systems.isIdentitySystem(id.getSystem())) {
                add(path, Kind.IDENTITY_IDENTIFIER);
            } else if (!(owner instanceof Organization && property.equals("identifier"))
                    && !(owner instanceof Reference ref && organisationByIdentifier(ref))) {
                add(path, Kind.RECORD_IDENTIFIER);
            }
        }

        void primitive(Base owner, String property, PrimitiveType<?> value, String path, boolean inPatient,
                boolean marked) {
            String text = value instanceof Base64BinaryType data ? decoded(data) : value.getValueAsString();
            if (IdentityNumberText.contains(text)) {
                add(path, Kind.IDENTITY_NUMBER);
            }
            if (value instanceof BaseDateTimeType date && date.getValue() != null
                    && date.getPrecision().compareTo(TemporalPrecisionEnum.YEAR) > 0
                    && (inPatient || property.equals("birthDate"))) {
                add(path, Kind.BIRTH_DATE);
            }
            if (freeText(owner, property, value) && !marked && !marksDeIdentified(value)
                    && text != null && !text.isBlank()) {
                add(path, Kind.FREE_TEXT);
            }
        }

        void narrative(Narrative n, String path) {
            String text = n.getDiv() == null ? null : n.getDiv().allText();
            if (text != null && !text.isBlank()) {
                add(path, Kind.NARRATIVE);
                if (IdentityNumberText.contains(text)) {
                    add(path + ".div", Kind.IDENTITY_NUMBER);
                }
            }
        }
    }

    /** Strings (and markdown) are free text, but for the places that hold codes, ids and organisation names. */
    private static boolean freeText(Base owner, String property, PrimitiveType<?> value) {
        if (!(value instanceof StringType) || value instanceof CodeType || property.equals("id")) {
            return false;
        }
        if (owner instanceof Coding) {
            return false;
        }
        if (owner instanceof Identifier) {
            return !property.equals("value");
        }
        if (owner instanceof Quantity) {
            return !property.equals("unit");
        }
        if (owner instanceof Reference ref) {
            return !(property.equals("reference") || property.equals("display") && organisationByIdentifier(ref));
        }
        return true;
    }

    /** The element's name as in JSON: a choice (value[x]) takes the type of its value (valueString). */
    private static String name(Property p, Base value) {
        String name = p.getName();
        if (!name.endsWith("[x]")) {
            return name;
        }
        String type = value.fhirType();
        return name.substring(0, name.length() - 3) + Character.toUpperCase(type.charAt(0)) + type.substring(1);
    }

    private static String decoded(Base64BinaryType data) {
        byte[] bytes = data.getValue();
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
