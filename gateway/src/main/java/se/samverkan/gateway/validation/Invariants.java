package se.samverkan.gateway.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;

/**
 * Evaluates profile invariants (FHIRPath) on the R4 objects themselves, without the serialise-and-parse
 * round trip HAPI's validator makes. The engine and its parsed expressions are kept per thread: the engine
 * is not documented as safe to share.
 */
final class Invariants {

    private final ThreadLocal<Engine> engines;
    private final Map<ShapeDefinitions.Constraint, InvariantScope> scopes = new ConcurrentHashMap<>();

    Invariants(FhirContext fhir, IValidationSupport support) {
        this.engines = ThreadLocal.withInitial(() -> new Engine(new FHIRPathEngine(new HapiWorkerContext(fhir, support))));
    }

    /** True only when the expression evaluates to true; an error or an empty result is not a pass. */
    boolean holds(ShapeDefinitions.Constraint constraint, Base focus, Resource resource) {
        Engine engine = engines.get();
        try {
            ExpressionNode node = engine.parsed.computeIfAbsent(constraint.expression(), engine.fhirPath::parse);
            return engine.fhirPath.evaluateToBoolean(null, resource, resource, focus, node);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What the invariant can observe; an expression that does not parse is never settled by a shape. */
    InvariantScope scope(ShapeDefinitions.Constraint constraint) {
        InvariantScope known = scopes.get(constraint);
        return known != null ? known : scopes.computeIfAbsent(constraint, c -> {
            Engine engine = engines.get();
            try {
                return InvariantScope.of(engine.parsed.computeIfAbsent(c.expression(), engine.fhirPath::parse));
            } catch (RuntimeException e) {
                return new InvariantScope(false, java.util.Set.of());
            }
        });
    }

    private record Engine(FHIRPathEngine fhirPath, Map<String, ExpressionNode> parsed) {
        Engine(FHIRPathEngine fhirPath) {
            this(fhirPath, new HashMap<>());
        }
    }
}
