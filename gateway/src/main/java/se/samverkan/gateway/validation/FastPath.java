package se.samverkan.gateway.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first level of validation: a Bundle is valid without asking HAPI when its shell and every entry
 * resource have a shape HAPI's full validator has already found valid ({@link ShapeWalker}), every value the
 * shapes abstract passes {@link ValueRules}, and every error-level invariant holds on a copy of the instance (never on
 * the instance: the fast path does not change what it validates).
 * Anything else goes to HAPI, whose verdict stands; when HAPI finds no error, the shapes are learnt.
 *
 * <p>Shapes are remembered by their SHA-256, at most {@value #CAPACITY} of them (beyond that, new shapes
 * simply keep going to HAPI). Safe to share between threads.
 */
final class FastPath {

    static final int CAPACITY = 100_000;

    /** What the first level found: proven valid, or (maybe) the shapes to learn should HAPI agree. */
    record Verdict(boolean proven, Optional<ShapeWalker.Walk> learnable) {
    }

    /** How Bundles went, since the validator was built. */
    record Counts(long proven, long unknownShape, long unsupported, long invariantFailed) {
    }

    private static final Logger log = LoggerFactory.getLogger(FastPath.class);

    private final FhirContext fhir;
    private final ShapeDefinitions defs;
    private final Invariants invariants;
    private final Set<Digest> known = ConcurrentHashMap.newKeySet();
    private final LongAdder proven = new LongAdder();
    private final LongAdder unknownShape = new LongAdder();
    private final LongAdder unsupported = new LongAdder();
    private final LongAdder invariantFailed = new LongAdder();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    FastPath(FhirContext fhir, IValidationSupport support, IWorkerContext definitions) {
        this.fhir = fhir;
        this.defs = new ShapeDefinitions(definitions);
        this.invariants = new Invariants(fhir, support);
    }

    Verdict check(Bundle bundle) {
        try {
            return checked(bundle);
        } catch (RuntimeException e) {
            // a fault in the fast path must never decide anything: HAPI does
            log.warn("fast path failed on a Bundle, HAPI decides: {}", e.toString());
            unsupported.increment();
            return new Verdict(false, Optional.empty());
        }
    }

    private Verdict checked(Bundle bundle) {
        ShapeWalker.Walk walk = ShapeWalker.walk(fhir, defs, invariants, bundle);
        if (!walk.supported()) {
            log.debug("fast path: not for this Bundle ({})", walk.unsupported);
            unsupported.increment();
            return new Verdict(false, Optional.empty());
        }
        if (!known.contains(digest(walk.shell)) || !walk.resources.stream().allMatch(r -> known.contains(digest(r)))) {
            unknownShape.increment();
            return new Verdict(false, Optional.of(walk));
        }
        if (!walk.invariants.isEmpty()) {
            // on a copy: evaluating FHIRPath may change what it evaluates, and the Bundle is the one delivered
            Map<Base, Base> copy = Copies.of(bundle);
            for (ShapeWalker.Pending p : walk.invariants) {
                Base focus = copy.get(p.focus());
                Base resource = copy.get(p.resource());
                if (focus == null || !(resource instanceof Resource r) || !invariants.holds(p.constraint(), focus, r)) {
                    invariantFailed.increment();
                    return new Verdict(false, Optional.empty());
                }
            }
        }
        proven.increment();
        return new Verdict(true, Optional.empty());
    }

    /** HAPI found no error in the Bundle these shapes came from. */
    void learn(ShapeWalker.Walk walk) {
        if (known.size() < CAPACITY) {
            known.add(digest(walk.shell));
            walk.resources.forEach(r -> known.add(digest(r)));
        }
    }

    Optional<String> shape(Bundle bundle) {
        try {
            ShapeWalker.Walk walk = ShapeWalker.walk(fhir, defs, invariants, bundle);
            return walk.supported() ? Optional.of(walk.shell + "\n" + String.join("\n", walk.resources)) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    Counts counts() {
        return new Counts(proven.sum(), unknownShape.sum(), unsupported.sum(), invariantFailed.sum());
    }

    int knownShapes() {
        return known.size();
    }

    private static Digest digest(String shape) {
        MessageDigest sha = SHA256.get();
        ByteBuffer d = ByteBuffer.wrap(sha.digest(shape.getBytes(StandardCharsets.UTF_8)));
        return new Digest(d.getLong(), d.getLong(), d.getLong(), d.getLong());
    }

    private record Digest(long a, long b, long c, long d) {
    }
}
