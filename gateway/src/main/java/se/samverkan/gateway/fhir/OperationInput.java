package se.samverkan.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Type;

/**
 * The Parameters of an operation read by hand, so that no input can get past the checks into a 500: the body
 * must parse as Parameters, every parameter must be one the operation knows, of its type, and no more often
 * than it may appear. Every refusal is a 400 whose OperationOutcome names the parameter (GW-4015).
 */
final class OperationInput {

    static final String CODE = "GW-4015";

    /** A parameter's value type and whether it may repeat. */
    record Spec(Class<? extends Type> type, boolean repeats) {
    }

    private final Map<String, List<Type>> values;

    private OperationInput(Map<String, List<Type>> values) {
        this.values = values;
    }

    /** Reads the request body (JSON or XML) as Parameters and checks it against the specs. */
    static OperationInput read(RequestDetails details, Map<String, Spec> specs) {
        Parameters parameters = parse(details);
        Map<String, List<Type>> values = new java.util.LinkedHashMap<>();
        for (ParametersParameterComponent p : parameters.getParameter()) {
            String name = p.getName();
            Spec spec = name == null ? null : specs.get(name);
            if (spec == null) {
                throw bad(name == null || name.isBlank() ? "parameter" : clip(name),
                        "not a parameter of this operation (" + String.join(", ", specs.keySet()) + ")");
            }
            if (p.hasResource() || p.hasPart() || !p.hasValue()) {
                throw bad(name, "needs a value" + "[x] of type " + typeName(spec.type()));
            }
            if (!spec.type().isInstance(p.getValue())) {
                throw bad(name, "must be of type " + typeName(spec.type()) + ", not " + p.getValue().fhirType());
            }
            if (p.getValue().isEmpty() || (p.getValue().isPrimitive() && p.getValue().primitiveValue() == null)) {
                throw bad(name, "has no valid value");
            }
            List<Type> list = values.computeIfAbsent(name, n -> new ArrayList<>());
            if (!list.isEmpty() && !spec.repeats()) {
                throw bad(name, "may be given only once");
            }
            list.add(p.getValue());
        }
        return new OperationInput(values);
    }

    <T extends Type> Optional<T> one(String name, Class<T> type) {
        List<Type> list = values.getOrDefault(name, List.of());
        return list.isEmpty() ? Optional.empty() : Optional.of(type.cast(list.get(0)));
    }

    <T extends Type> T required(String name, Class<T> type) {
        return one(name, type).orElseThrow(() -> bad(name, "is required"));
    }

    <T extends Type> List<T> all(String name, Class<T> type) {
        return values.getOrDefault(name, List.of()).stream().map(type::cast).toList();
    }

    static InvalidRequestException bad(String parameter, String message) {
        return bad(CODE, parameter, message);
    }

    static InvalidRequestException bad(String code, String parameter, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.INVALID)
                .setDiagnostics(code + " " + parameter + ": " + message)
                .addExpression("Parameters.parameter.where(name = '" + parameter + "')");
        return new InvalidRequestException(code + " " + parameter + ": " + message, outcome);
    }

    private static Parameters parse(RequestDetails details) {
        byte[] body = details.loadRequestContents();
        if (body == null || body.length == 0) {
            throw bad("body", "a Parameters resource is required");
        }
        String contentType = details.getHeader("Content-Type");
        EncodingEnum encoding = contentType == null ? null : EncodingEnum.forContentType(contentType);
        FhirContext fhir = details.getFhirContext();
        IBaseResource resource;
        try {
            var parser = encoding == EncodingEnum.XML ? fhir.newXmlParser() : fhir.newJsonParser();
            resource = parser.parseResource(new String(body, StandardCharsets.UTF_8));
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            throw bad("body", "not a FHIR resource in " + (encoding == EncodingEnum.XML ? "XML" : "JSON"));
        }
        if (!(resource instanceof Parameters parameters)) {
            throw bad("body", "must be a Parameters resource, not " + resource.fhirType());
        }
        return parameters;
    }

    private static String typeName(Class<? extends Type> type) {
        String simple = type.getSimpleName();
        String name = simple.endsWith("Type") ? simple.substring(0, simple.length() - 4) : simple;
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String clip(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9_.-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) : safe;
    }
}
