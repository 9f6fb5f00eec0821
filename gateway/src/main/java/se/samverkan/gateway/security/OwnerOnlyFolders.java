package se.samverkan.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * The folders where the gateway keeps what it has read and written (processed export files, rejected ones,
 * reports, the H2 database) readable by the gateway's own user only: the folders 0700, what is in them 0600,
 * before anything writes there (DOMAIN.md section 7). The JVM cannot set a umask, but no one else can enter a
 * 0700 folder, whatever the mode of the files made in it later. The inbox is left as it is: exporters may
 * deliver into it as another user.
 */
final class OwnerOnlyFolders {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFolders.class);
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Pattern H2_FILE = Pattern.compile("^jdbc:h2:(?:file:)?([^;:][^;]*)");

    private OwnerOnlyFolders() {
    }

    /** The folders of this configuration: gateway.batch's processed, rejected, reports, and H2's folder. */
    static List<Path> of(Environment environment) {
        List<Path> folders = new ArrayList<>();
        for (String key : new String[] {"processed", "rejected", "reports"}) {
            folders.add(Path.of(environment.getProperty("gateway.batch." + key, "var/" + key)));
        }
        String url = environment.getProperty("spring.datasource.url", "");
        Matcher h2 = H2_FILE.matcher(url);
        if (h2.find() && !url.startsWith("jdbc:h2:mem:") && !url.startsWith("jdbc:h2:tcp:")
                && !url.startsWith("jdbc:h2:ssl:")) {
            Path database = Path.of(h2.group(1).replaceFirst("^~", System.getProperty("user.home")));
            if (database.getParent() != null) {
                folders.add(database.getParent());
            }
        }
        return folders;
    }

    /** Creates the folders owner-only, or makes them so, with the files already in them. */
    static void secure(List<Path> folders) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            log.warn("The file system has no POSIX permissions: restrict {} to the gateway's user yourself", folders);
            return;
        }
        for (Path folder : folders) {
            try {
                if (Files.isDirectory(folder)) {
                    Files.setPosixFilePermissions(folder, FOLDER);
                } else {
                    if (folder.toAbsolutePath().getParent() != null) {
                        Files.createDirectories(folder.toAbsolutePath().getParent());
                    }
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
                }
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.setPosixFilePermissions(file, FILE);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + folder + " readable by the gateway's user only", e);
            }
        }
    }
}
