package se.samverkan.gateway.batch;

import java.io.PrintStream;
import java.nio.file.Path;

/** Another kind of export file the one-shot command can run (the BHV export is its own). */
public interface ExportRunner {

    /** Whether this runner reads the file (by its root element). */
    boolean reads(Path file);

    /** Runs the file, prints its report, and returns the one-shot command's exit code. */
    int run(Path file, PrintStream out);
}
