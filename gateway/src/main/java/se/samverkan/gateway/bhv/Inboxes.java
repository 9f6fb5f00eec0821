package se.samverkan.gateway.bhv;

import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import se.samverkan.gateway.batch.BatchProperties;

/**
 * What every export inbox (BHV, elevhälsa) shares: how it is read, and what happens to it at start. A file waits in
 * {@code .in-progress/} while it is read, and moves to processed (or, rejected whole, to rejected) only when every
 * record is accepted; the batch's schedule (watched, or a Quartz cron) paces every inbox alike.
 */
public final class Inboxes {

    private Inboxes() {
    }

    /** The Camel file URI of an inbox. */
    public static String uri(Path inbox, BatchProperties properties) {
        String stamp = "${date:now:yyyyMMdd-HHmmss}-${file:name}";
        return "file:" + inbox.toAbsolutePath() + "?include=.*\\.xml&readLock=changed&readLockCheckInterval=500"
                + "&preMove=" + InboxRecovery.IN_PROGRESS + "/${file:name}&move="
                + properties.processed().toAbsolutePath() + "/" + stamp
                + "&moveFailed=" + properties.rejected().toAbsolutePath() + "/${file:name}"
                + schedule(properties);
    }

    private static String schedule(BatchProperties properties) {
        String cron = properties.cron();
        if (cron != null && !cron.isBlank()) {
            return "&scheduler=quartz&scheduler.cron=" + cron.trim().replace(' ', '+');
        }
        return "&delay=" + properties.pollInterval().toMillis();
    }

    /** Before a watched inbox is read, files a stopped gateway was reading go back into it. */
    public static CamelContextConfiguration recoveredAtStart(Path inbox, boolean watch) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                if (watch) {
                    InboxRecovery.putBack(inbox);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }
}
