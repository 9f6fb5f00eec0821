package se.samverkan.gateway.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try again: exponential backoff with full jitter (a uniformly random wait between zero and
 * {@code initial * 2^(attempt-1)}, capped at {@code max}), so that recipients coming back after an outage
 * are not met by every waiting delivery at once; and when to give up.
 */
public final class RetryPolicy {

    private final Duration initial;
    private final Duration max;
    private final int maxAttempts;
    private final RandomGenerator random;

    public RetryPolicy(Duration initial, Duration max, int maxAttempts, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max and at least one attempt");
        }
        this.initial = initial;
        this.max = max;
        this.maxAttempts = maxAttempts;
        this.random = random;
    }

    /** The wait after the given number of failed attempts (1 for the first). */
    public Duration delayAfter(int attempts) {
        return Duration.ofMillis(random.nextLong(ceiling(attempts).toMillis() + 1));
    }

    /** The longest wait after that many failed attempts: the exponential curve, capped. */
    public Duration ceiling(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 40));
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** Whether the attempts made so far are all there will be. */
    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    public int maxAttempts() {
        return maxAttempts;
    }
}
