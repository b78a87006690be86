package io.github.camelrealtime.fastrouter.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 7 finding 6: full-jitter exponential backoff, Retry-After as a floor, no restart after short-lived sockets. */
class ReconnectBackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(1000);

    private static ReconnectBackoff backoff(long maxAttempts, double random) {
        return new ReconnectBackoff(INITIAL, MAX, maxAttempts, MAX, () -> random);
    }

    private static List<Long> delays(ReconnectBackoff b, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.nextDelayMillis(null));
        }
        return out;
    }

    @Test
    void theCeilingDoublesFromTheInitialDelayUpToTheMaximum() {
        // random just under 1: the delay is the ceiling of each attempt
        assertThat(delays(backoff(0, 0.999999), 6)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void fullJitterCanBeAnythingFromZeroToTheCeiling() {
        assertThat(delays(backoff(0, 0.0), 4)).containsOnly(0L);
        assertThat(delays(backoff(0, 0.5), 5)).containsExactly(50L, 100L, 200L, 400L, 500L);
    }

    @Test
    void retryAfterIsAFloorNotACeiling() {
        ReconnectBackoff b = backoff(0, 0.0);
        assertThat(b.nextDelayMillis(Duration.ofSeconds(2))).isEqualTo(2000L);
        ReconnectBackoff late = backoff(0, 0.999999);
        delays(late, 5);
        // a short Retry-After never makes the wait shorter than the jittered backoff
        assertThat(late.nextDelayMillis(Duration.ofMillis(10))).isEqualTo(1000L);
    }

    @Test
    void aShortLivedConnectionKeepsTheBackoffGoingALongLivedOneStartsItOver() {
        ReconnectBackoff b = backoff(0, 0.999999);
        delays(b, 3);
        b.connectionEnded(Duration.ofMillis(50).toNanos());
        assertThat(b.attempts()).isEqualTo(3);
        assertThat(b.nextDelayMillis(null)).isEqualTo(800L);
        b.connectionEnded(MAX.toNanos());
        assertThat(b.attempts()).isZero();
        assertThat(b.nextDelayMillis(null)).isEqualTo(100L);
    }

    @Test
    void attemptsAreUsedUpOnlyWithAMaximum() {
        ReconnectBackoff limited = backoff(2, 0.5);
        assertThat(delays(limited, 3)).containsExactly(50L, 100L, -1L);
        ReconnectBackoff unlimited = backoff(0, 0.5);
        assertThat(delays(unlimited, 100)).doesNotContain(-1L).last().isEqualTo(500L);
    }
}
