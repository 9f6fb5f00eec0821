package se.samverkan.gateway.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import se.samverkan.gateway.identity.Redaction;

/**
 * The identity-number rule on the FHIR face's error answers: HAPI's parser and validators quote the value they
 * could not take ("Unknown ConsentState code '...'", "expected Consent but found ..."), and a caller's typo can be
 * a child's number that then travels back through proxies and client logs. Registered on the RestfulServer from
 * here (a bean post-processor), so the providers stay as they are.
 */
@Interceptor
final class AnswerRedaction {

    @Hook(Pointcut.SERVER_OUTGOING_FAILURE_OPERATIONOUTCOME)
    public void redact(IBaseOperationOutcome outcome) {
        if (outcome instanceof OperationOutcome r4) {
            for (OperationOutcome.OperationOutcomeIssueComponent issue : r4.getIssue()) {
                if (issue.hasDiagnostics()) {
                    issue.setDiagnostics(Redaction.identityNumbers(issue.getDiagnostics()));
                }
                if (issue.hasDetails() && issue.getDetails().hasText()) {
                    issue.getDetails().setText(Redaction.identityNumbers(issue.getDetails().getText()));
                }
            }
        }
    }

    /** Registers the interceptor on the FHIR face's RestfulServer when its servlet registration is made. */
    static BeanPostProcessor registrar() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof ServletRegistrationBean<?> registration
                        && registration.getServlet() instanceof RestfulServer server) {
                    server.registerInterceptor(new AnswerRedaction());
                }
                return bean;
            }
        };
    }
}
