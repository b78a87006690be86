package io.github.camelrealtime.fastrouter.session;

/**
 * What the sessions report for monitoring; each call is cheap and never throws. The default does nothing: the
 * component installs a Micrometer-backed one when a {@code MeterRegistry} is in the Camel registry (see
 * {@code docs/metrics.md}). Labels are bounded: the session name (an endpoint's), never a session key.
 */
public interface SessionMetrics {

    SessionMetrics NONE = new SessionMetrics() {
    };

    /** A socket of the session opened and was configured; {@code reconnect} when an earlier one had. */
    default void connected(String name, boolean reconnect) {
    }

    /** An attempt to connect failed, or an open socket was lost; {@code cause} is a short bounded label. */
    default void connectionFailed(String name, String cause) {
    }

    /**
     * An exchange ended.
     *
     * @param kind    {@code respond}, {@code audio}, {@code transcribe}, {@code out_of_band}
     * @param outcome {@code ok} or the failure's label ({@code timeout}, {@code server_error}, {@code response_failed},
     *                {@code closed}, {@code other})
     */
    default void exchange(String name, String kind, String outcome) {
    }

    /**
     * A response asked by an exchange ended: nanoseconds from the request (its {@code response.create}, or the server's
     * commit of its audio) to the first audio delta (-1 when none) and to {@code response.done}.
     */
    default void responseLatency(String name, long toFirstAudioNanos, long toDoneNanos) {
    }

    /** Any response ended (its usage, whoever asked for it). */
    default void response(String name, ResponseResult result) {
    }
}
