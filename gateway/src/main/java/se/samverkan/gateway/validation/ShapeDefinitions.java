package se.samverkan.gateway.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.ElementDefinition.ConstraintSeverity;
import org.hl7.fhir.r5.model.ElementDefinition.DiscriminatorType;
import org.hl7.fhir.r5.model.Extension;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.validation.instance.utils.FHIRPathExpressionFixer;

/**
 * What the fast path needs to know of the StructureDefinitions HAPI validates against, read once from the
 * snapshots HAPI's validator itself works with (its worker context, where they are generated and cached): the error-level invariants at each element; the elements whose value HAPI compares with
 * something (fixed, pattern, binding, slicing discriminator, length or value limits), whose values a shape
 * therefore never abstracts; the largest finite cardinality at each element, so that counting equal items
 * only up to one more than it keeps every cardinality and slice verdict; and the profiles an element's type
 * must also meet. Paths are normalised: no slice names, a choice element by its base name
 * ({@code Observation.value}).
 *
 * <p>A definition that uses what a shape cannot stand for (ordered slicing, discriminators other than a
 * plain path, references that must meet a profile other than a core one) is unusable: resources that need
 * it always go to HAPI.
 */
final class ShapeDefinitions {

    static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

    /** Element extensions that only document an element; any other one may constrain its value. */
    private static final Set<String> DOCUMENTING = Set.of(
            CORE + "elementdefinition-translatable", CORE + "structuredefinition-display-hint",
            CORE + "structuredefinition-explicit-type-name", CORE + "structuredefinition-normative-version",
            CORE + "structuredefinition-standards-status", CORE + "structuredefinition-fhir-type");

    /**
     * ele-1 and ext-1 only ask whether an element has a value, children or extensions. A shape records
     * exactly that, and HAPI found them true on the instance the shape was learnt from.
     */
    private static final Map<String, String> STRUCTURAL = Map.of(
            "ele-1", "hasValue() or (children().count() > id.count())",
            "ext-1", "extension.exists() != value.exists()");

    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*");

    record Constraint(String key, String expression) {
    }

    private final IWorkerContext worker;
    private final Map<String, Optional<Definition>> byUrl = new ConcurrentHashMap<>();
    private final Map<String, Optional<DefinitionSet>> sets = new ConcurrentHashMap<>();
    private final Map<String, Optional<DefinitionSet>> types = new ConcurrentHashMap<>();
    private final String version;

    ShapeDefinitions(IWorkerContext worker) {
        this.worker = worker;
        this.version = worker.getVersion();
    }

    /** The definitions together, or empty when one of them is unknown or unusable. */
    Optional<DefinitionSet> set(List<String> urls) {
        String key = String.join("|", urls);
        Optional<DefinitionSet> known = sets.get(key);
        return known != null ? known : sets.computeIfAbsent(key, k -> combine(urls));
    }

    /** The core definition of a datatype. */
    Optional<DefinitionSet> type(String type) {
        Optional<DefinitionSet> known = types.get(type);
        return known != null ? known : types.computeIfAbsent(type, t -> set(List.of(CORE + t)));
    }

    private Optional<DefinitionSet> combine(List<String> urls) {
        List<Definition> parts = new ArrayList<>();
        for (String url : urls) {
            Optional<Definition> d = byUrl.computeIfAbsent(url, this::compile);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            parts.add(d.get());
        }
        return Optional.of(new DefinitionSet(parts));
    }

    private Optional<Definition> compile(String url) {
        StructureDefinition sd;
        try {
            sd = worker.fetchResource(StructureDefinition.class, url);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (sd == null || !sd.hasSnapshot()) {
            return Optional.empty();
        }
        Definition d = new Definition();
        Map<String, String> normalised = new HashMap<>();
        for (ElementDefinition e : sd.getSnapshot().getElement()) {
            String path = normalise(e, normalised);
            if (!d.read(e, path, normalised, version)) {
                return Optional.empty();
            }
        }
        return Optional.of(d);
    }

    private static String normalise(ElementDefinition e, Map<String, String> normalised) {
        String path = e.getPath();
        int dot = path.lastIndexOf('.');
        String last = path.substring(dot + 1);
        String base = e.hasBase() ? e.getBase().getPath() : "";
        if (last.endsWith("[x]")) {
            last = last.substring(0, last.length() - 3);
        } else if (base.endsWith("[x]")) {
            // a choice renamed for its type (valueQuantity): the instance names it by the base name
            last = base.substring(base.lastIndexOf('.') + 1, base.length() - 3);
        }
        String result = dot < 0 ? last
                : normalised.getOrDefault(path.substring(0, dot), path.substring(0, dot).replace("[x]", "")) + "." + last;
        normalised.put(path, result);
        return result;
    }

    /** One StructureDefinition, by normalised path. */
    static final class Definition {
        final Map<String, List<Constraint>> constraints = new HashMap<>();
        final Set<String> sensitive = new HashSet<>();
        final Map<String, Integer> limits = new HashMap<>();
        final Map<String, Set<String>> typeProfiles = new HashMap<>();
        final Map<String, String> aliases = new HashMap<>();

        /** False when the element uses what a shape cannot stand for. */
        boolean read(ElementDefinition e, String path, Map<String, String> normalised, String version) {
            for (ElementDefinition.ElementDefinitionConstraintComponent c : e.getConstraint()) {
                if (c.getSeverity() == ConstraintSeverity.ERROR && c.hasExpression()
                        && !c.getExpression().equals(STRUCTURAL.get(c.getKey()))) {
                    // as HAPI's validator evaluates it: some core expressions are corrected first
                    Constraint constraint = new Constraint(c.getKey(),
                            FHIRPathExpressionFixer.fixExpr(c.getExpression(), c.getKey(), version));
                    List<Constraint> here = constraints.computeIfAbsent(path, p -> new ArrayList<>());
                    if (!here.contains(constraint)) {
                        here.add(constraint);
                    }
                }
            }
            if (comparesValue(e)) {
                sensitive.add(path);
            }
            if (e.hasSlicing()) {
                if (e.getSlicing().getOrdered()) {
                    return false;
                }
                for (ElementDefinition.ElementDefinitionSlicingDiscriminatorComponent d : e.getSlicing().getDiscriminator()) {
                    DiscriminatorType type = d.getType();
                    if (type != DiscriminatorType.VALUE && type != DiscriminatorType.PATTERN
                            && type != DiscriminatorType.TYPE && type != DiscriminatorType.EXISTS) {
                        return false;
                    }
                    if (d.getPath().equals("$this")) {
                        sensitive.add(path);
                    } else if (PLAIN_PATH.matcher(d.getPath()).matches()) {
                        sensitive.add(path + "." + d.getPath());
                    } else {
                        return false;
                    }
                }
            }
            int limit = Math.max(e.getMin(), e.hasMax() && !e.getMax().equals("*") ? Integer.parseInt(e.getMax()) : 0);
            limits.merge(path, limit, Math::max);
            for (ElementDefinition.TypeRefComponent t : e.getType()) {
                if (t.getTargetProfile().stream().anyMatch(p -> !p.getValue().startsWith(CORE))) {
                    // HAPI would validate the referenced resource against that profile: not in a shape
                    return false;
                }
                if (!t.getCode().equals("Extension")) {
                    t.getProfile().forEach(p -> typeProfiles.computeIfAbsent(path + "|" + t.getCode(),
                            k -> new LinkedHashSet<>()).add(p.getValue()));
                }
            }
            if (e.hasContentReference()) {
                String target = e.getContentReference().substring(e.getContentReference().indexOf('#') + 1);
                aliases.put(path, normalised.getOrDefault(target, target.replace("[x]", "")));
            }
            return true;
        }

        private static boolean comparesValue(ElementDefinition e) {
            return e.hasFixed() || e.hasPattern() || e.hasBinding() || e.hasMaxLength() || e.hasMinValue()
                    || e.hasMaxValue() || e.hasMustHaveValue() || e.hasValueAlternatives()
                    || e.getExtension().stream().map(Extension::getUrl).anyMatch(u -> !DOCUMENTING.contains(u))
                    || e.getType().stream().flatMap(t -> t.getExtension().stream())
                    .map(Extension::getUrl).anyMatch(u -> !DOCUMENTING.contains(u));
        }

        /** The path with content references followed (Bundle.entry.link is defined as Bundle.link). */
        String resolve(String path) {
            if (aliases.isEmpty()) {
                return path;
            }
            for (int guard = 0; guard < 32; guard++) {
                String before = path;
                for (Map.Entry<String, String> alias : aliases.entrySet()) {
                    String from = alias.getKey();
                    if (path.equals(from) || path.startsWith(from + ".")) {
                        path = alias.getValue() + path.substring(from.length());
                        break;
                    }
                }
                if (path.equals(before)) {
                    return path;
                }
            }
            return path;
        }
    }

    /** The definitions that apply together (a resource's type and its profiles, say), by element. */
    static final class DefinitionSet {
        private final List<Definition> parts;
        private final Map<String, Node> roots = new ConcurrentHashMap<>();

        DefinitionSet(List<Definition> parts) {
            this.parts = List.copyOf(parts);
        }

        Node root(String type) {
            Node known = roots.get(type);
            return known != null ? known : roots.computeIfAbsent(type, t -> new Node(this, t));
        }

        /** One element of the set, what the definitions say of it read once, its children made on demand. */
        static final class Node {
            final String path;
            final List<Constraint> constraints;
            /** HAPI compares the element's value with something. */
            final boolean sensitive;
            /** The largest finite cardinality (minimum or maximum) of the element or any of its slices. */
            final int limit;
            private final DefinitionSet set;
            private final Map<String, Node> children = new ConcurrentHashMap<>();
            private final Map<String, List<String>> profiles = new ConcurrentHashMap<>();

            private Node(DefinitionSet set, String path) {
                this.set = set;
                this.path = path;
                List<Constraint> all = new ArrayList<>();
                boolean compared = false;
                int max = 0;
                for (Definition d : set.parts) {
                    String p = d.resolve(path);
                    for (Constraint c : d.constraints.getOrDefault(p, List.of())) {
                        if (!all.contains(c)) {
                            all.add(c);
                        }
                    }
                    compared |= d.sensitive.contains(p);
                    max = Math.max(max, d.limits.getOrDefault(p, 0));
                }
                this.constraints = List.copyOf(all);
                this.sensitive = compared;
                this.limit = max;
            }

            Node child(String name) {
                Node known = children.get(name);
                return known != null ? known : children.computeIfAbsent(name, n -> new Node(set, path + "." + n));
            }

            /** Profiles a value of this type here must also meet (SimpleQuantity, say). */
            List<String> profilesFor(String type) {
                List<String> known = profiles.get(type);
                return known != null ? known : profiles.computeIfAbsent(type, t -> set.parts.stream()
                        .flatMap(d -> d.typeProfiles.getOrDefault(d.resolve(path) + "|" + t, Set.of()).stream())
                        .distinct().toList());
            }
        }
    }
}
