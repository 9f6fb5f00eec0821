package se.samverkan.gateway.elevhalsa;

import java.io.IOException;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import se.samverkan.gateway.batch.BatchProperties;
import se.samverkan.gateway.batch.InboxPreload;

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
        InboxPreload.copyInto(folders.inbox(), folders.preload());
    }
}
