package se.samverkan.gateway.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
class InboxPreload implements ApplicationRunner {

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
        Files.createDirectories(properties.inbox());
        for (Path file : properties.preload()) {
            // written under a temporary name and renamed, so the inbox never sees half a file
            Path part = properties.inbox().resolve(file.getFileName() + ".part");
            Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, properties.inbox().resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            log.info("preloaded {} into the inbox", file.getFileName());
        }
    }
}
