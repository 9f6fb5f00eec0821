package se.samverkan.gateway.cooperation;

import java.util.Optional;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.delivery.Circumstances;
import se.samverkan.gateway.delivery.OutboxItem;

/** What the outbox reads again right before sending: concern flags (C9) and SIP membership (F7). */
@Component
class CooperationCircumstances implements Circumstances {

    private final ConcernFlags flags;
    private final SipPlans plans;

    CooperationCircumstances(ConcernFlags flags, SipPlans plans) {
        this.flags = flags;
        this.plans = plans;
    }

    @Override
    public boolean flagged(String childId) {
        return flags.flagged(childId);
    }

    @Override
    public Optional<String> noLongerAddressed(OutboxItem item) {
        String plan = item.context().planKey();
        if (plan == null || plans.includes(plan, item.recipient())) {
            return Optional.empty();
        }
        return Optional.of("the recipient is no longer a participant in the plan (F7): nothing further goes to it");
    }
}
