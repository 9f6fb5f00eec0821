package se.samverkan.gateway.cooperation;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import se.samverkan.gateway.fhir.Systems;

/**
 * The answer to a sender, per recipient, as an OperationOutcome: one issue per recipient, whose
 * {@code details} carry the outcome (CodeSystem delivery-outcome: delivered, already-delivered, queued,
 * failed, held, refused) and the gateway's code, and whose {@code expression} names the recipient.
 */
final class Answers {

    static final String OUTCOME_SYSTEM = Systems.CANONICAL_BASE + "/CodeSystem/delivery-outcome";
    static final String CODE_SYSTEM = Systems.CANONICAL_BASE + "/CodeSystem/gateway-code";

    private Answers() {
    }

    static OperationOutcome of(List<RecipientOutcome> outcomes) {
        OperationOutcome answer = new OperationOutcome();
        for (RecipientOutcome o : outcomes) {
            OperationOutcome.OperationOutcomeIssueComponent issue = answer.addIssue()
                    .setSeverity(severity(o.status()))
                    .setCode(type(o.status()))
                    .setDetails(new CodeableConcept()
                            .addCoding(new Coding(OUTCOME_SYSTEM, o.status().code(), null))
                            .addCoding(new Coding(CODE_SYSTEM, o.code(), null))
                            .setText(o.reason()))
                    .setDiagnostics(o.recipient().system() + "|" + o.recipient().value() + ": " + o.status().code()
                            + " " + o.code() + " " + o.reason()
                            + (o.deliveryId() == null ? "" : " (delivery " + o.deliveryId() + ")"));
            issue.addLocation(o.recipient().system() + "|" + o.recipient().value());
        }
        if (outcomes.isEmpty()) {
            answer.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING)
                    .setCode(OperationOutcome.IssueType.NOTFOUND).setDiagnostics("no recipient");
        }
        return answer;
    }

    static boolean anyAccepted(List<RecipientOutcome> outcomes) {
        return outcomes.stream().anyMatch(o -> o.status() == RecipientOutcome.Status.DELIVERED
                || o.status() == RecipientOutcome.Status.QUEUED || o.status() == RecipientOutcome.Status.FAILED
                || o.status() == RecipientOutcome.Status.ALREADY_DELIVERED);
    }

    private static OperationOutcome.IssueSeverity severity(RecipientOutcome.Status status) {
        return switch (status) {
            case DELIVERED, ALREADY_DELIVERED, QUEUED -> OperationOutcome.IssueSeverity.INFORMATION;
            case FAILED, HELD -> OperationOutcome.IssueSeverity.WARNING;
            case REFUSED -> OperationOutcome.IssueSeverity.ERROR;
        };
    }

    private static OperationOutcome.IssueType type(RecipientOutcome.Status status) {
        return switch (status) {
            case DELIVERED, ALREADY_DELIVERED, QUEUED -> OperationOutcome.IssueType.INFORMATIONAL;
            case FAILED -> OperationOutcome.IssueType.TRANSIENT;
            case HELD -> OperationOutcome.IssueType.SUPPRESSED;
            case REFUSED -> OperationOutcome.IssueType.BUSINESSRULE;
        };
    }
}
