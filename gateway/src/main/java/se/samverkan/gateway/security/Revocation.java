package se.samverkan.gateway.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRLs of the moment. {@link #refresh()} reads the files again when one of them changed (time or size) and
 * hands the new set to everyone who checks certificates: Tomcat's connectors, the outbound trust, the signature
 * verifier. A file that cannot be read keeps the set in force (it stays valid until its own next update) and
 * says so. {@link #status()} tells an operator ahead of a CRL's next update; after it, validation fails closed
 * (the JDK's PKIX does not use a CRL past its next update), which is why the warning comes first.
 */
public final class Revocation {

    /** The state of the CRLs an operator must act on. */
    public enum Status {
        /** Every CRL is within its validity, and not close to its next update. */
        CURRENT,
        /** A CRL reaches its next update within the warning time: replace it. */
        DUE,
        /** A CRL is past its next update: certificates of its issuer are refused until it is replaced. */
        STALE,
        /** No CRLs at all: revocation is not checked (refused in production). */
        NONE
    }

    private static final Logger log = LoggerFactory.getLogger(Revocation.class);

    private final List<Path> files;
    private final Clock clock;
    private final Duration warnAhead;
    private final List<Consumer<Crls>> listeners = new CopyOnWriteArrayList<>();
    private volatile Crls current;
    private volatile List<String> stamps;
    private volatile Status reported;

    /** Reads the files now: one missing or unreadable stops the start. */
    public Revocation(List<Path> files, Clock clock, Duration warnAhead) {
        this.files = List.copyOf(files);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warnAhead = Objects.requireNonNull(warnAhead, "warnAhead");
        this.stamps = stamps();
        this.current = Crls.read(this.files);
    }

    public Crls current() {
        return current;
    }

    /** {@code listener} gets each new set of CRLs (not the one in force now). */
    public void onChange(Consumer<Crls> listener) {
        listeners.add(listener);
    }

    /** Reads the files again if any of them changed; true when a new set is in force. */
    public synchronized boolean refresh() {
        List<String> now = stamps();
        if (now.equals(stamps)) {
            return false;
        }
        Crls read;
        try {
            read = Crls.read(files);
        } catch (RuntimeException e) {
            // half-written, or replaced by something else: the old set stays until its own next update
            log.warn("GW-6201 the CRLs changed but cannot be read ({}); the ones read before stay in force",
                    se.samverkan.gateway.logging.Logs.safe(e.getMessage()));
            return false;
        }
        stamps = now;
        current = read;
        for (Consumer<Crls> listener : listeners) {
            listener.accept(read);
        }
        log.info("CRLs reloaded: {} CRL(s), the earliest next update {}", read.list().size(),
                nextUpdate().map(Instant::toString).orElse("(none)"));
        return true;
    }

    /** The earliest next update of the CRLs in force. */
    public Optional<Instant> nextUpdate() {
        return current.list().stream().map(X509CRL::getNextUpdate).filter(Objects::nonNull)
                .map(java.util.Date::toInstant).min(Instant::compareTo);
    }

    public Status status() {
        if (current.isEmpty()) {
            return Status.NONE;
        }
        Instant now = clock.instant();
        Optional<Instant> next = nextUpdate();
        if (next.isEmpty()) {
            return Status.CURRENT;
        }
        if (!next.get().isAfter(now)) {
            return Status.STALE;
        }
        return next.get().isAfter(now.plus(warnAhead)) ? Status.CURRENT : Status.DUE;
    }

    /** A refresh, then a warning in the log when the status needs an operator (once per change of status). */
    public void check() {
        refresh();
        Status status = status();
        if (status == reported) {
            return;
        }
        reported = status;
        String next = nextUpdate().map(Instant::toString).orElse("(none)");
        switch (status) {
            case DUE -> log.warn("GW-6202 a CRL reaches its next update at {}: replace it before then, or every"
                    + " certificate of its issuer is refused from that moment", next);
            case STALE -> log.error("GW-6203 a CRL is past its next update ({}): certificates of its issuer are"
                    + " refused until a current CRL is in place", next);
            case NONE -> log.warn("GW-6204 no CRLs (gateway.security.crls): revocation is not checked");
            case CURRENT -> log.info("CRLs current; the earliest next update {}", next);
        }
    }

    /** The files as they are now (modification time and size), to see that one of them changed. */
    private List<String> stamps() {
        List<String> result = new ArrayList<>();
        for (Path file : files) {
            try {
                result.add(file + "@" + Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file));
            } catch (IOException e) {
                result.add(file + "@missing");
            }
        }
        return result;
    }
}
