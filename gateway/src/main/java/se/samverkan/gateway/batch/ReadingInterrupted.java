package se.samverkan.gateway.batch;

/**
 * Reading a file stopped before its end for a reason that is not the file's: the gateway is stopping, or the
 * database stayed away longer than the reader waits. The file is handed back (into its inbox) and its run stays
 * open, so the next read of it, by this instance or another, resumes where this one stopped; never rejected.
 */
public class ReadingInterrupted extends RuntimeException {

    /** Set on the exchange when its file was handed back instead of read to its end. */
    public static final String HANDED_BACK = "gwHandedBack";

    /** The interruption among the causes, if there is one (Camel wraps what a split's records threw). */
    public static java.util.Optional<ReadingInterrupted> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ReadingInterrupted r) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }

    public ReadingInterrupted(String message, Throwable cause) {
        super(message, cause);
    }

    public ReadingInterrupted(String message) {
        super(message);
    }
}
