package se.samverkan.gateway.fhir;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;

/** A 422 whose OperationOutcome names the element at fault, under a stable code. */
public final class Unprocessable {

    private Unprocessable() {
    }

    public static UnprocessableEntityException at(String element, String code, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.INVALID)
                .setDiagnostics(code + " " + element + ": " + message)
                .addExpression(element);
        return new UnprocessableEntityException(code + " " + element + ": " + message, outcome);
    }
}
