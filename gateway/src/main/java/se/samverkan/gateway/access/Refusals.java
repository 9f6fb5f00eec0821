package se.samverkan.gateway.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import se.samverkan.gateway.security.Callers;

/**
 * The answers of the access policy, with their stable codes. A refusal is worded the same whether the child or
 * the resource exists or not, so that a 403 tells a participant nothing it may not know.
 */
public final class Refusals {

    /** Not this participant's to see or change (DOMAIN.md section 6). */
    public static final String NOT_YOURS = "GW-6010";
    /** A search that names no child: nothing lists the registry. */
    public static final String NAME_THE_CHILD = "GW-6011";
    /** A SIP's membership changed by another principal than the one that started it. */
    public static final String NOT_THE_STARTER = "GW-6012";
    /** An update that would make a withdrawn consent active again. */
    public static final String STAYS_WITHDRAWN = "GW-6013";
    /** An update against a version that is no longer current (If-Match). */
    public static final String STALE_VERSION = "GW-6014";

    private Refusals() {
    }

    public static ForbiddenOperationException notYours() {
        return forbidden(NOT_YOURS, "not permitted: the resource, if it exists, is not this participant's to see or"
                + " change (DOMAIN.md section 6)");
    }

    public static ForbiddenOperationException forbidden(String code, String message) {
        return with(new ForbiddenOperationException(code + " " + message), OperationOutcome.IssueType.FORBIDDEN);
    }

    public static InvalidRequestException nameTheChild(String type) {
        return with(new InvalidRequestException(NAME_THE_CHILD + " patient.identifier: a search of " + type
                + " must name the child (patient.identifier=system|value); nothing lists the whole registry"),
                OperationOutcome.IssueType.REQUIRED);
    }

    /**
     * A read of something that is not there: for a participant the same 403 as for what is not its own, so that
     * the answer does not reveal which ids exist; over the loopback quick start the plain 404.
     */
    public static BaseServerResponseException notFound(RequestDetails request, IIdType id) {
        return Callers.of(request).isPresent() ? notYours() : new ResourceNotFoundException(id);
    }

    private static <E extends BaseServerResponseException> E with(E exception, OperationOutcome.IssueType type) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type)
                .setDiagnostics(exception.getMessage());
        exception.setOperationOutcome(outcome);
        return exception;
    }
}
