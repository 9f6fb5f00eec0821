package se.samverkan.gateway.validation;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceBlockDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.validation.ShapeDefinitions.Constraint;
import se.samverkan.gateway.validation.ShapeDefinitions.DefinitionSet;
import se.samverkan.gateway.validation.ShapeDefinitions.DefinitionSet.Node;

/**
 * Turns a Bundle into shapes: one for the Bundle without its resources and one per entry resource. A
 * shape is the resource as HAPI's validator would see it once encoded (empty elements left out), except
 * that
 * <ul>
 * <li>the values HAPI checks only for their form (names, identifier values under the systems the gateway names,
 * dates, quantities, attached data, free text of a resource) stand for their type, once they pass
 * {@link ValueRules};</li>
 * <li>a reference to another entry stands for the type and profiles of the resource it resolves to;</li>
 * <li>a repeating element lists its distinct items with how often each occurs, counted only up to one
 * more than the largest finite cardinality any definition gives that element or its slices.</li>
 * </ul>
 * Values inside codings, codeable concepts, meta, extensions and every element a definition compares
 * (fixed, pattern, binding, slicing discriminator, limits) are kept exactly, in order. Two instances of
 * one shape therefore differ only in values HAPI checks on their own, which {@link ValueRules} vouches for,
 * and in what invariants may read: those are collected here, to be evaluated on the instance itself.
 *
 * <p>Whatever the walker cannot stand for (contained resources, narrative, signatures, an id that the
 * encoder would write, an unresolved or local reference, a blank value, a value outside the rules, a
 * resource type with checks of its own in HAPI) makes the Bundle unsupported: it then goes to HAPI, and is
 * not learnt.
 */
final class ShapeWalker {

    /** Entry resource types HAPI validates by their definitions alone (no type-specific validator). */
    static final Set<String> RESOURCE_TYPES = Set.of("Patient", "RelatedPerson", "Consent", "Immunization",
            "Observation", "DocumentReference", "Communication", "Provenance", "CarePlan", "Organization",
            "Practitioner", "PractitionerRole");
    private static final Set<Bundle.BundleType> BUNDLE_TYPES = Set.of(Bundle.BundleType.TRANSACTION,
            Bundle.BundleType.BATCH, Bundle.BundleType.COLLECTION);
    /** Kept exactly: terminology and metadata, whose every value HAPI may look up or compare. */
    private static final Set<String> EXACT_TYPES = Set.of("Coding", "CodeableConcept", "Meta", "Extension");
    /**
     * Not vouched for at all: HAPI checks XHTML in depth, and verifies a signature against the content it
     * signs (the whole Bundle).
     */
    private static final Set<String> UNSUPPORTED_TYPES = Set.of("Narrative", "Signature");
    /** Values HAPI checks for their form only, in datatypes; in resources and backbone elements, all of them. */
    private static final Map<String, Set<String>> FORM_ONLY = Map.of(
            "Identifier", Set.of("value"),
            "HumanName", Set.of("family", "given", "text", "prefix", "suffix"),
            "Address", Set.of("line", "city", "district", "postalCode", "text"),
            "ContactPoint", Set.of("value"),
            "Period", Set.of("start", "end"),
            "Quantity", Set.of("value"),
            "Reference", Set.of("display"),
            "Attachment", Set.of("data", "title", "creation"));
    /**
     * Identifier systems whose values no validator checks beyond a string's form: the identity numbers, HSA-ids,
     * organisation and school unit codes and the project's own naming systems (the gateway checks their values
     * itself). An identifier under any other system, or none, is kept exactly.
     */
    static final Set<String> OPAQUE_IDENTIFIER_SYSTEMS = Set.of(Systems.PERSONNUMMER, Systems.SAMORDNINGSNUMMER,
            Systems.HSA_ID, Systems.HSA_ID_RIVTA, Systems.ORGANISATIONSNUMMER, Systems.SKOLENHETSKOD, Systems.KOMMUNKOD,
            Systems.DELIVERY_ID, Systems.RECORD_ID, Systems.CANONICAL_BASE + "/NamingSystem/bhv-batch-id");
    private static final Set<String> FORM_TYPES = Set.of("string", "date", "dateTime", "instant", "decimal", "base64Binary");

    /** The shapes of one Bundle and the invariants to evaluate on it. */
    static final class Walk {
        String unsupported;
        String shell;
        final List<String> resources = new ArrayList<>();
        final List<Pending> invariants = new ArrayList<>();

        boolean supported() {
            return unsupported == null;
        }
    }

    record Pending(Constraint constraint, Base focus, Resource resource) {
    }

    /**
     * Where a node is: the element in its resource's definitions and in its enclosing datatype's (null
     * outside datatypes), and whether its values are kept exactly.
     */
    private record Ctx(Node r, Node t, boolean exact, Resource resource) {
    }

    /** An invariant met on the way; forced when its element is itself a value the shape abstracts. */
    private record Met(Constraint constraint, Base focus, boolean forced) {
    }

    private final FhirContext fhir;
    private final ShapeDefinitions defs;
    private final Invariants invariants;
    private final Walk walk = new Walk();
    private final Map<String, Resource> entries = new HashMap<>();
    private final List<Met> met = new ArrayList<>();
    private final Set<String> abstracted = new HashSet<>();

    private ShapeWalker(FhirContext fhir, ShapeDefinitions defs, Invariants invariants) {
        this.fhir = fhir;
        this.defs = defs;
        this.invariants = invariants;
    }

    static Walk walk(FhirContext fhir, ShapeDefinitions defs, Invariants invariants, Bundle bundle) {
        return new ShapeWalker(fhir, defs, invariants).bundle(bundle);
    }

    private Walk bundle(Bundle bundle) {
        if (bundle.getType() == null || !BUNDLE_TYPES.contains(bundle.getType()) || bundle.getMeta().hasProfile()) {
            return unsupported("Bundle type or profile");
        }
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            Resource r = e.getResource();
            if (r == null || !e.hasFullUrl() || !ValueRules.uuidUrn(e.getFullUrl()) || entries.put(e.getFullUrl(), r) != null) {
                return unsupported("entry without a resource or with a missing, local or repeated fullUrl");
            }
            if (!RESOURCE_TYPES.contains(r.fhirType())) {
                return unsupported("resource type " + r.fhirType());
            }
            if (r.hasId() && !r.getIdElement().getValue().equals(e.getFullUrl())) {
                return unsupported("a resource id other than its fullUrl");
            }
        }
        walk.shell = resource(bundle);
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (walk.supported()) {
                walk.resources.add(resource(e.getResource()));
            }
        }
        return walk;
    }

    private String resource(Resource r) {
        List<String> urls = new ArrayList<>();
        urls.add(ShapeDefinitions.CORE + r.fhirType());
        r.getMeta().getProfile().forEach(p -> urls.add(p.getValue()));
        Optional<DefinitionSet> resourceDefs = defs.set(urls);
        if (resourceDefs.isEmpty()) {
            unsupported("no usable definition among " + urls);
            return "";
        }
        met.clear();
        abstracted.clear();
        if (r instanceof Bundle) {
            abstracted.add("resource"); // the shell holds entry resources by type and profile only
        }
        Node root = resourceDefs.get().root(r.fhirType());
        meet(root, null, r);
        StringBuilder out = new StringBuilder(1024);
        composite(r, new Ctx(root, null, false, r), out);
        for (Met m : met) {
            if (m.forced() || !invariants.scope(m.constraint()).settledBy(abstracted)) {
                walk.invariants.add(new Pending(m.constraint(), m.focus(), r));
            }
        }
        return out.toString();
    }

    private void composite(Base node, Ctx ctx, StringBuilder out) {
        BaseRuntimeElementDefinition<?> def = fhir.getElementDefinition(node.getClass());
        if (!(def instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
            unsupported("element of kind " + node.getClass().getSimpleName());
            return;
        }
        out.append('{').append(node.fhirType());
        boolean entry = node instanceof Bundle.BundleEntryComponent;
        for (BaseRuntimeChildDefinition child : composite.getChildren()) {
            List<IBase> values = child.getAccessor().getValues(node);
            if (values.isEmpty()) {
                continue;
            }
            List<Base> present = new ArrayList<>(values.size());
            for (IBase v : values) {
                if (!v.isEmpty()) {
                    present.add((Base) v);
                }
            }
            if (present.isEmpty()) {
                continue;
            }
            String name = child.getElementName();
            if (node instanceof Resource && !(node instanceof Bundle) && name.equals("id")) {
                continue; // an entry's id equal to its urn:uuid fullUrl, which the encoder leaves out
            }
            if (name.equals("contained")) {
                unsupported(name);
                return;
            }
            out.append(' ').append(name).append(':');
            if (entry && name.equals("resource")) {
                Resource r = (Resource) present.get(0);
                int first = met.size();
                meet(ctx.r.child(name), null, r);
                force(first); // the shell holds the resource by type and profile only
                out.append("(resource ").append(r.fhirType()).append(profiles(r)).append(')');
            } else if (entry && name.equals("fullUrl")) {
                abstracted.add(name);
                out.append("(uuid)"); // checked before the walk: a unique urn:uuid
            } else if (child.getMax() == 1) {
                element(present.get(0), node, name, ctx, out);
            } else {
                list(present, node, name, ctx, out);
            }
            if (!walk.supported()) {
                return;
            }
        }
        out.append('}');
    }

    private void list(List<Base> items, Base parent, String name, Ctx ctx, StringBuilder out) {
        Node r = ctx.r.child(name);
        Node outer = ctx.t == null ? null : ctx.t.child(name);
        out.append('[');
        if (ctx.exact || r.sensitive || (outer != null && outer.sensitive)) {
            for (Base item : items) {
                element(item, parent, name, ctx, out);
            }
        } else {
            int cap = 1 + Math.max(Math.max(1, r.limit), outer == null ? 0 : outer.limit);
            Map<String, Integer> counted = new TreeMap<>();
            for (Base item : items) {
                StringBuilder one = new StringBuilder(128);
                element(item, parent, name, ctx, one);
                counted.merge(one.toString(), 1, Integer::sum);
            }
            counted.forEach((shape, n) -> out.append(shape).append('*').append(Math.min(n, cap)));
        }
        out.append(']');
    }

    /** One value of a child element: its invariants met, its shape written. */
    private void element(Base value, Base parent, String name, Ctx ctx, StringBuilder out) {
        if (value.hasFormatComment()) {
            unsupported("a comment, which an encoder may write out");
            return;
        }
        Node r = ctx.r.child(name);
        Node outer = ctx.t == null ? null : ctx.t.child(name);
        boolean exact = ctx.exact || r.sensitive || (outer != null && outer.sensitive);
        int first = met.size();
        Ctx inner;
        if (fhir.getElementDefinition(value.getClass()) instanceof RuntimeResourceBlockDefinition) {
            meet(r, outer, value);
            inner = new Ctx(r, outer, exact, ctx.resource);
        } else {
            String type = value.fhirType();
            if (UNSUPPORTED_TYPES.contains(type)) {
                unsupported(type);
                return;
            }
            Optional<DefinitionSet> typeDefs = typeDefinitions(value, type, r, outer);
            if (typeDefs.isEmpty()) {
                unsupported("no usable definition for " + type + " at " + r.path);
                return;
            }
            Node t = typeDefs.get().root(type);
            exact = exact || EXACT_TYPES.contains(type) || t.sensitive;
            meet(r, outer, value);
            meet(t, null, value);
            inner = new Ctx(r, t, exact, ctx.resource);
        }
        if (value instanceof PrimitiveType<?> p) {
            if (primitive(p, parent, name, inner, out)) {
                force(first);
            }
        } else if (value instanceof Reference ref && ref.getResource() != null
                && !(ref.hasReference() && entries.get(ref.getReference()) == ref.getResource())) {
            // the parser links a urn:uuid reference to its entry, and the encoder then writes the reference as
            // it is; any other resource object in a Reference may be contained or renamed by the encoder
            unsupported("a Reference holding a resource object");
        } else {
            composite(value, inner, out);
        }
    }

    private Optional<DefinitionSet> typeDefinitions(Base value, String type, Node r, Node outer) {
        if (value instanceof Extension ext) {
            // an extension is validated against its own definition, found by its url
            String url = ext.getUrl();
            return url == null || url.isBlank() ? Optional.empty() : defs.set(List.of(ShapeDefinitions.CORE + type, url));
        }
        List<String> fromResource = r.profilesFor(type);
        List<String> fromType = outer == null ? List.of() : outer.profilesFor(type);
        if (fromResource.isEmpty() && fromType.isEmpty()) {
            return defs.type(type);
        }
        List<String> urls = new ArrayList<>();
        urls.add(ShapeDefinitions.CORE + type);
        for (String p : fromResource) {
            if (!urls.contains(p)) {
                urls.add(p);
            }
        }
        for (String p : fromType) {
            if (!urls.contains(p)) {
                urls.add(p);
            }
        }
        return defs.set(urls);
    }

    /** Writes the primitive; true when its value was abstracted (then the invariants on it must run). */
    private boolean primitive(PrimitiveType<?> p, Base parent, String name, Ctx ctx, StringBuilder out) {
        String type = p.fhirType();
        out.append('(').append(type);
        if (p.getId() != null) {
            literal(out.append(" #"), p.getId());
        }
        if (p.hasExtension()) {
            list(new ArrayList<>(p.getExtension()), p, "extension", new Ctx(ctx.r, ctx.t, true, ctx.resource), out);
        }
        String value = p.getValueAsString();
        boolean standsForType = false;
        if (value != null) {
            if (value.isBlank()) {
                unsupported("a blank value");
            } else if (parent instanceof Reference && name.equals("reference") && value.startsWith("urn:uuid:")
                    && !entries.containsKey(value)) {
                unsupported("a reference that does not resolve in the Bundle"); // also where the literal is kept
            } else if (!ctx.exact && parent instanceof Reference && name.equals("reference")) {
                standsForType = reference(value, out);
            } else if (!ctx.exact && formOnly(parent, name, type)) {
                if (!ValueRules.accepts(type, value)) {
                    unsupported("a " + type + " value outside the rules");
                }
                standsForType = true;
                out.append(" ~");
            } else {
                literal(out.append(' '), value);
            }
        }
        out.append(')');
        if (standsForType) {
            // a choice is named both ways in FHIRPath: effective and effectiveDateTime
            abstracted.add(name);
            abstracted.add(name + Character.toUpperCase(type.charAt(0)) + type.substring(1));
        }
        return standsForType;
    }

    private boolean formOnly(Base parent, String name, String type) {
        if (!FORM_TYPES.contains(type) || name.equals("id")) {
            return false;
        }
        if (parent instanceof Resource || fhir.getElementDefinition(parent.getClass()) instanceof RuntimeResourceBlockDefinition) {
            return !type.equals("base64Binary");
        }
        Set<String> names = FORM_ONLY.get(parent.fhirType());
        if (names == null || !names.contains(name)) {
            return false;
        }
        if (parent instanceof Identifier id && (id.getSystem() == null || !OPAQUE_IDENTIFIER_SYSTEMS.contains(id.getSystem()))) {
            // validators check the values of some systems (an absolute URI under urn:ietf:rfc:3986, a UUID under
            // RFC 4122, more in later versions): only values under the systems below stand for their type
            return false;
        }
        if (parent instanceof Attachment a && (a.hasSize() || a.hasHash() || a.hasUrl())) {
            return false; // HAPI compares the data with these
        }
        return type.equals("base64Binary") == name.equals("data");
    }

    private boolean reference(String value, StringBuilder out) {
        if (value.startsWith("urn:uuid:")) {
            Resource target = ValueRules.uuidUrn(value) ? entries.get(value) : null;
            if (target == null) {
                unsupported("a reference that does not resolve in the Bundle");
                return false;
            }
            out.append(" ->").append(target.fhirType()).append(profiles(target));
            return true;
        }
        if (value.startsWith("#")) {
            unsupported("a local reference");
        } else {
            literal(out.append(' '), value);
        }
        return false;
    }

    private static String profiles(Resource r) {
        StringBuilder s = new StringBuilder();
        r.getMeta().getProfile().forEach(p -> s.append(' ').append(p.getValue()));
        return s.toString();
    }

    private void meet(Node first, Node second, Base focus) {
        for (Constraint c : first.constraints) {
            met.add(new Met(c, focus, false));
        }
        if (second != null) {
            for (Constraint c : second.constraints) {
                if (!first.constraints.contains(c)) {
                    met.add(new Met(c, focus, false));
                }
            }
        }
    }

    /** The invariants met since then are evaluated whatever they name: their element is abstracted. */
    private void force(int from) {
        for (int i = from; i < met.size(); i++) {
            met.set(i, new Met(met.get(i).constraint(), met.get(i).focus(), true));
        }
    }

    private static void literal(StringBuilder out, String value) {
        out.append(value.length()).append(':').append(value);
    }

    private Walk unsupported(String reason) {
        if (walk.unsupported == null) {
            walk.unsupported = reason;
        }
        return walk;
    }
}
