package se.samverkan.gateway.bhv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** At start, files a stopped gateway was reading go back into the inbox; a file another instance reads now stays. */
class InboxRecoveryTest {

    @TempDir
    Path inbox;

    @Test
    void filesLeftInProgressGoBackExceptTheOnesAnotherLiveInstanceIsReading() throws Exception {
        Path inProgress = Files.createDirectories(inbox.resolve(InboxRecovery.IN_PROGRESS));
        Files.writeString(inProgress.resolve("mine.xml"), "<a/>");
        Files.writeString(inProgress.resolve("theirs.xml"), "<b/>");
        Files.writeString(inbox.resolve("mine.xml"), "<new/>");

        int moved = InboxRecovery.putBack(inbox, file -> file.getFileName().toString().equals("theirs.xml"));

        assertThat(moved).isEqualTo(1);
        assertThat(inProgress.resolve("theirs.xml")).as("left to the instance reading it").exists();
        assertThat(inProgress.resolve("mine.xml")).doesNotExist();
        try (var files = Files.list(inbox)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("a new file of the same name is kept; the interrupted one comes back under another name")
                    .contains("mine.xml").anyMatch(n -> n.startsWith("resumed-") && n.endsWith("-mine.xml"));
        }
    }
}
