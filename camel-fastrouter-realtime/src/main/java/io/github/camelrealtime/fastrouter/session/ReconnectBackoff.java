package io.github.camelrealtime.fastrouter.session;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try connecting again: exponential backoff with full jitter (a uniformly random delay between 0 and
 * {@code min(maxDelay, initialDelay * 2^n)}), so sessions dropped together do not retry in lockstep; never sooner than
 * a server's {@code Retry-After}. The attempt count only starts over after a connection that lived at least
 * {@code stableAfter}: a server that accepts and then drops at once keeps being backed off. Pure logic; the
 * connector uses it under its own lock.
 */
final class ReconnectBackoff {

    private final long initialMillis;
    private final long maxMillis;
    private final long maxAttempts;
    private final long stableAfterNanos;
    private final DoubleSupplier random;
    private int attempts;

    /**
     * @param maxAttempts 0 = unlimited
     * @param random      uniform in [0, 1)
     */
    ReconnectBackoff(Duration initialDelay, Duration maxDelay, long maxAttempts, Duration stableAfter, DoubleSupplier random) {
        this.initialMillis = Math.max(1, initialDelay.toMillis());
        this.maxMillis = Math.max(initialMillis, maxDelay.toMillis());
        this.maxAttempts = maxAttempts;
        this.stableAfterNanos = stableAfter.toNanos();
        this.random = random;
    }

    /**
     * The delay before the next attempt, counting it; -1 when the attempts are used up.
     *
     * @param retryAfter what the server asked for (429/503 {@code Retry-After}), or null
     */
    long nextDelayMillis(Duration retryAfter) {
        if (maxAttempts > 0 && attempts >= maxAttempts) {
            return -1;
        }
        int exponent = Math.min(attempts, 30);
        attempts++;
        long ceiling = Math.min(maxMillis, initialMillis << exponent);
        long delay = (long) (random.getAsDouble() * (ceiling + 1));
        if (retryAfter != null) {
            delay = Math.max(delay, retryAfter.toMillis());
        }
        return delay;
    }

    /** A connection that was open for {@code livedNanos} ended: a long-lived one starts the backoff over. */
    void connectionEnded(long livedNanos) {
        if (livedNanos >= stableAfterNanos) {
            attempts = 0;
        }
    }

    int attempts() {
        return attempts;
    }
}
