package se.samverkan.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Processed files, reports and the H2 database are the gateway user's alone (issue 15: they were 0644). */
class OwnerOnlyFoldersTest {

    @TempDir
    Path directory;

    @Test
    void theDataFoldersAndTheDatabaseAreMadeOwnerOnlyAndWhatIsInThemToo() throws Exception {
        Path db = Files.createDirectories(directory.resolve("var/db"));
        Path existing = Files.writeString(db.resolve("gateway.mv.db"), "x");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r--r--"));
        MockEnvironment environment = new MockEnvironment()
                .withProperty("gateway.batch.processed", directory.resolve("var/processed").toString())
                .withProperty("gateway.batch.rejected", directory.resolve("var/rejected").toString())
                .withProperty("gateway.batch.reports", directory.resolve("var/reports").toString())
                .withProperty("gateway.batch.inbox", directory.resolve("var/inbox").toString())
                .withProperty("spring.datasource.url", "jdbc:h2:file:" + db.resolve("gateway")
                        + ";MODE=PostgreSQL;WRITE_DELAY=0");

        OwnerOnlyFolders.secure(OwnerOnlyFolders.of(environment));

        for (String folder : new String[] {"processed", "rejected", "reports", "db"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("var/" + folder))))
                    .as(folder).isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-------");
        assertThat(directory.resolve("var/inbox")).doesNotExist();
    }

    @Test
    void anInMemoryOrServerDatabaseHasNoFolder() {
        assertThat(OwnerOnlyFolders.of(new MockEnvironment().withProperty("spring.datasource.url",
                "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"))).hasSize(3);
        assertThat(OwnerOnlyFolders.of(new MockEnvironment().withProperty("spring.datasource.url",
                "jdbc:postgresql://db/gateway"))).hasSize(3);
    }
}
