package se.samverkan.gateway.bhv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import se.samverkan.gateway.batch.BatchProperties;

/**
 * What every export inbox (BHV, elevhälsa) shares: how it is read, and what happens to it at start. A file waits in
 * {@code .in-progress/} while it is read, and moves to processed (or, rejected whole, to rejected) only when every
 * record is accepted; the batch's schedule (watched, or a Quartz cron) paces every inbox alike.
 */
public final class Inboxes {

    /** The exchange property naming where the file goes when its exchange is over. */
    public static final String FILE_TO = "gwFileTo";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Inboxes() {
    }

    /**
     * The Camel file URI of an inbox. Where the file goes after a read is decided by the route ({@link #FILE_TO}):
     * processed when every record is accepted, back into the inbox when reading was interrupted (the gateway
     * stopping, the database away). Only a file rejected whole fails its exchange and goes to rejected.
     */
    public static String uri(Path inbox, BatchProperties properties) {
        return "file:" + inbox.toAbsolutePath() + "?include=.*\\.xml&readLock=changed&readLockCheckInterval=500"
                + "&preMove=" + InboxRecovery.IN_PROGRESS + "/${file:name}&move=${exchangeProperty." + FILE_TO + "}"
                + "&moveFailed=" + properties.rejected().toAbsolutePath() + "/${file:name}"
                + schedule(properties);
    }

    /** At the start of a read: once it is over, the file goes to processed under a time stamp. */
    public static void acknowledgeTo(Exchange e, BatchProperties properties) {
        String name = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        e.setProperty(FILE_TO, properties.processed().toAbsolutePath()
                .resolve(LocalDateTime.now().format(STAMP) + "-" + name).toString());
    }

    /**
     * Reading was interrupted: the file goes back into its inbox (under another name if a new file of the same
     * name arrived meanwhile), where the next read, by any instance watching it, resumes the run.
     */
    public static void handBack(Exchange e, Path inbox) {
        String name = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (name == null) {
            return;
        }
        Path back = inbox.toAbsolutePath().resolve(name);
        if (Files.exists(back)) {
            back = inbox.toAbsolutePath().resolve("resumed-" + System.currentTimeMillis() + "-" + name);
        }
        e.setProperty(FILE_TO, back.toString());
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
        return recoveredAtStart(inbox, watch, file -> false);
    }

    /** As above, leaving the files another live instance is reading (an inbox shared by several instances). */
    public static CamelContextConfiguration recoveredAtStart(Path inbox, boolean watch,
                                                             java.util.function.Predicate<Path> readElsewhere) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                if (watch) {
                    InboxRecovery.putBack(inbox, readElsewhere);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }
}
