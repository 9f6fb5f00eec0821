package se.samverkan.gateway.cooperation;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.gateway.consent.ConsentEnded;

/** When a consent ends (C5): its recipients and the guardians are told, through the outbox like any delivery. */
class ConsentEndedNotices {

    private static final Logger log = LoggerFactory.getLogger(ConsentEndedNotices.class);

    private final Notices notices;
    private final TransactionTemplate transactions;

    ConsentEndedNotices(Notices notices, TransactionTemplate transactions) {
        this.notices = notices;
        this.transactions = transactions;
    }

    @EventListener
    public void ended(ConsentEnded event) {
        List<RecipientOutcome> queued = transactions.execute(tx -> notices.consentEnded(event.child(),
                event.consentRef(), event.flows(), UUID.randomUUID().toString()));
        log.info("{} ended: {} notices ({})", event.consentRef(), queued.size(),
                queued.stream().map(o -> o.status().code() + " " + o.code()).toList());
    }
}
