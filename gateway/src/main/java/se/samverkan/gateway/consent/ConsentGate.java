package se.samverkan.gateway.consent;

/**
 * The one question every route asks before data moves: may this go from source to recipient now?
 * Routes depend on this interface only, so the policy behind it can be replaced without touching them.
 */
public interface ConsentGate {

    Decision decide(DecisionRequest request);
}
