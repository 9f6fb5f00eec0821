package se.samverkan.gateway.bhv;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, before the inbox is watched: a file left in the inbox's {@code .in-progress/} was being read
 * when the gateway stopped (killed, or the machine went down). It goes back into the inbox, where it is read
 * again; its run is resumed and the records it had accepted are not taken twice. With an inbox shared by
 * several instances, a file another live instance is reading now is left where it is.
 */
public final class InboxRecovery {

    public static final String IN_PROGRESS = ".in-progress";

    private static final Logger log = LoggerFactory.getLogger(InboxRecovery.class);

    private InboxRecovery() {
    }

    public static int putBack(Path inbox) {
        return putBack(inbox, file -> false);
    }

    /** As above, leaving the files {@code readElsewhere} says another live instance is reading. */
    public static int putBack(Path inbox, java.util.function.Predicate<Path> readElsewhere) {
        Path inProgress = inbox.resolve(IN_PROGRESS);
        if (!Files.isDirectory(inProgress)) {
            return 0;
        }
        int moved = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inProgress, "*.xml")) {
            for (Path file : files) {
                if (readElsewhere.test(file)) {
                    log.info("file {} in the inbox's {}/ is being read by another instance: left to it",
                            file.getFileName(), IN_PROGRESS);
                    continue;
                }
                Path back = inbox.resolve(file.getFileName());
                if (Files.exists(back)) {
                    // a new file of the same name arrived meanwhile: it is read first, the interrupted one after it
                    back = inbox.resolve("resumed-" + System.currentTimeMillis() + "-" + file.getFileName());
                }
                Files.move(file, back, StandardCopyOption.ATOMIC_MOVE);
                moved++;
                log.warn("file {} was being read when the gateway stopped: put back into the inbox to be resumed",
                        file.getFileName());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot put interrupted files back into the inbox " + inbox + ": "
                    + e.getMessage(), e);
        }
        return moved;
    }
}
