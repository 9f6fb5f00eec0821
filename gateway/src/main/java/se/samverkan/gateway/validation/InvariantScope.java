package se.samverkan.gateway.validation;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Function;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Kind;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Operation;

/**
 * What an invariant can observe of the element it is evaluated on, read from its parsed expression: the
 * element names it navigates, and whether it does anything a shape does not determine. An invariant is
 * <em>shape-determined</em> when it uses only functions and operators whose result cannot change between
 * two instances of one shape: no variables ({@code %resource}), no navigation outside the element
 * ({@code resolve()}, {@code descendants()}), nothing that counts beyond "none, one, several" or depends on
 * order ({@code count()}, {@code first()}, an index), no comparison of two paths (collection equality is
 * ordered), no clock. If, in addition, it names no element whose value the shape abstracted, its result is
 * the one HAPI found when it learnt the shape (true), and evaluating it again is unnecessary.
 */
record InvariantScope(boolean shapeDetermined, Set<String> names) {

    private static final Set<Function> SAFE = EnumSet.of(Function.Empty, Function.Not, Function.Exists,
            Function.SubsetOf, Function.SupersetOf, Function.Distinct, Function.Where, Function.Select,
            Function.All, Function.As, Function.Is, Function.OfType, Function.Union, Function.Intersect,
            Function.Exclude, Function.Iif, Function.Upper, Function.Lower, Function.ToChars, Function.IndexOf,
            Function.Substring, Function.StartsWith, Function.EndsWith, Function.Matches, Function.MatchesFull,
            Function.ReplaceMatches, Function.Contains, Function.Replace, Function.Length, Function.Trace,
            Function.AllTrue, Function.AnyTrue, Function.AllFalse, Function.AnyFalse, Function.HasValue,
            Function.Extension, Function.MemberOf, Function.ToString, Function.ToInteger, Function.ToBoolean,
            Function.ToDecimal, Function.ConvertsToString, Function.ConvertsToInteger, Function.ConvertsToBoolean,
            Function.ConvertsToDecimal);
    private static final Set<Operation> COMPARISONS = EnumSet.of(Operation.Equals, Operation.NotEquals,
            Operation.Equivalent, Operation.NotEquivalent, Operation.LessThan, Operation.Greater,
            Operation.LessOrEqual, Operation.GreaterOrEqual);

    static InvariantScope of(ExpressionNode expression) {
        Set<String> names = new HashSet<>();
        boolean[] determined = {true};
        scan(expression, names, determined);
        return new InvariantScope(determined[0], Set.copyOf(names));
    }

    /** True when the shape alone settles the invariant, given the element names the shape abstracted. */
    boolean settledBy(Set<String> abstracted) {
        if (!shapeDetermined) {
            return false;
        }
        for (String name : names) {
            if (abstracted.contains(name)) {
                return false;
            }
        }
        return true;
    }

    private static void scan(ExpressionNode n, Set<String> names, boolean[] determined) {
        if (n == null || !determined[0]) {
            return;
        }
        switch (n.getKind()) {
            case Name -> {
                if (n.getName().startsWith("$") && !n.getName().equals("$this")) {
                    determined[0] = false; // $index, $total
                }
                names.add(n.getName());
            }
            case Function -> {
                if (!SAFE.contains(n.getFunction())) {
                    determined[0] = false;
                }
            }
            case Constant -> {
                if (!(n.getConstant() instanceof org.hl7.fhir.r4.model.PrimitiveType<?>)) {
                    determined[0] = false; // %resource, %rootResource and other variables
                }
            }
            default -> {
                // Group and Unary: their parts are scanned below
            }
        }
        if (n.getParameters() != null) {
            n.getParameters().forEach(p -> scan(p, names, determined));
        }
        scan(n.getGroup(), names, determined);
        scan(n.getInner(), names, determined);
        if (n.getOperation() != null && COMPARISONS.contains(n.getOperation())
                && !constant(n) && !constant(n.getOpNext())) {
            determined[0] = false;
        }
        scan(n.getOpNext(), names, determined);
    }

    private static boolean constant(ExpressionNode n) {
        return n != null && n.getKind() == Kind.Constant && n.getInner() == null
                && n.getConstant() instanceof org.hl7.fhir.r4.model.PrimitiveType<?>;
    }
}
