package se.samverkan.gateway.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Copies the files named in {@code gateway.batch.preload} into the inbox at start: the quick start uses
 * it to run the sample batch. Running it again is harmless: the ledger delivers nothing twice.
 */
@Component
public class InboxPreload implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InboxPreload.class);

    private final BatchProperties properties;

    InboxPreload(BatchProperties properties) {
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!properties.watch() || properties.preload().isEmpty()) {
            return;
        }
        copyInto(properties.inbox(), properties.preload());
    }

    /** Copies the files into the inbox, each under a temporary name first, so the inbox never sees half a file. */
    public static void copyInto(Path inbox, List<Path> files) throws IOException {
        Files.createDirectories(inbox);
        for (Path file : files) {
            Path part = inbox.resolve(file.getFileName() + ".part");
            Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            log.info("preloaded {} into {}", file.getFileName(), inbox);
        }
    }
}
