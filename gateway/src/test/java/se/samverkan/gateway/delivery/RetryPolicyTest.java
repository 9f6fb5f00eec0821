package se.samverkan.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), 25, new Random(7));

    @Test
    void theCeilingDoublesFromTheInitialWaitUpToTheCap() {
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.ceiling(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.ceiling(7)).isEqualTo(Duration.ofSeconds(1920));
        assertThat(policy.ceiling(8)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.ceiling(25)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyWaitLiesBetweenZeroAndTheCeilingAndTheyAreSpreadOut() {
        long[] waits = IntStream.range(0, 2000).mapToLong(i -> policy.delayAfter(3).toMillis()).toArray();

        assertThat(java.util.Arrays.stream(waits).min().orElseThrow()).isGreaterThanOrEqualTo(0L);
        assertThat(java.util.Arrays.stream(waits).max().orElseThrow()).isLessThanOrEqualTo(120_000L);
        // full jitter: the waits of deliveries that failed together spread over the whole window
        assertThat(java.util.Arrays.stream(waits).filter(w -> w < 30_000).count()).isBetween(400L, 600L);
        assertThat(java.util.Arrays.stream(waits).filter(w -> w > 90_000).count()).isBetween(400L, 600L);
    }

    @Test
    void itGivesUpAfterTheLastAttempt() {
        assertThat(policy.exhausted(24)).isFalse();
        assertThat(policy.exhausted(25)).isTrue();
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(2), Duration.ofMinutes(1), 3, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
