package se.samverkan.gateway.elevhalsa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import se.samverkan.gateway.batch.BatchProperties;

/** Copies {@code gateway.elevhalsa.preload} into the elevhälsa inbox at start (the quick start's sample). */
class ElevhalsaPreload implements ApplicationRunner {

    private final ElevhalsaProperties folders;
    private final BatchProperties schedule;

    ElevhalsaPreload(ElevhalsaProperties folders, BatchProperties schedule) {
        this.folders = folders;
        this.schedule = schedule;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!schedule.watch() || folders.preload().isEmpty()) {
            return;
        }
        Files.createDirectories(folders.inbox());
        for (Path file : folders.preload()) {
            // under a temporary name first, so the inbox never sees half a file
            Path part = folders.inbox().resolve(file.getFileName() + ".part");
            Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, folders.inbox().resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
