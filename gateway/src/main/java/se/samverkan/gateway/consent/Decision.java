package se.samverkan.gateway.consent;

import java.util.List;
import java.util.Set;

/**
 * The answer of the {@link ConsentGate}: permit or deny, the rule ids and consents behind it, the data
 * categories that may go (C11), and a reason a person can read, under a stable code.
 */
public record Decision(
        boolean permit,
        Set<DataCategory> permitted,
        List<String> rules,
        List<String> consentRefs,
        String code,
        String reason) {

    public static Decision deny(List<String> rules, List<String> consentRefs, String code, String reason) {
        return new Decision(false, Set.of(), List.copyOf(rules), List.copyOf(consentRefs), code, reason);
    }
}
