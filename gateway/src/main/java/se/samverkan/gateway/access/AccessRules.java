package se.samverkan.gateway.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Communication;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.security.Callers;

/**
 * HAPI's authorisation interceptor with the rules built per caller: the registry's types through the access
 * policy ({@link RegistryRule}); the cooperation flows' creates, transactions and the server operations, whose
 * sender and flow their own checks decide (GW-6003/6004); everything else denied. Over the loopback quick start
 * there is no participant and everything is open, as the rest of the quick start is.
 */
final class AccessRules extends AuthorizationInterceptor {

    private final AccessPolicy policy;

    AccessRules(AccessPolicy policy) {
        super(PolicyEnum.DENY);
        this.policy = policy;
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        Optional<Participant> caller = Callers.of(request);
        if (caller.isEmpty()) {
            return new RuleBuilder().allowAll("loopback quick start: no participant").build();
        }
        List<IAuthRule> rules = new ArrayList<>();
        rules.add(new RegistryRule(caller.get(), policy));
        rules.addAll(new RuleBuilder()
                .allow("metadata").metadata().andThen()
                .allow("server operations").operation().withAnyName().onServer().andAllowAllResponses().andThen()
                .allow("validate").operation().named("$validate").onAnyType().andAllowAllResponses().andThen()
                .allow("cooperation: Communication").create().resourcesOfType(Communication.class).withAnyId()
                .andThen()
                .allow("cooperation: CarePlan").create().resourcesOfType(CarePlan.class).withAnyId().andThen()
                .allow("transactions").transaction().withAnyOperation().andApplyNormalRules().andThen()
                .denyAll("not part of the FHIR face")
                .build());
        return rules;
    }

    @Override
    protected void handleDeny(RequestDetails request, Verdict decision) {
        throw Refusals.notYours();
    }
}
