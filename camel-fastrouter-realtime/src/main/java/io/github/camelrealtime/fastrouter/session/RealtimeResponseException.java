package io.github.camelrealtime.fastrouter.session;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A response ended {@code failed}, {@code cancelled} or {@code incomplete}. Carries the status details; for rate limits
 * ({@code rate_limit_exceeded}) {@link #getRetryAfter()} says when to try again when the server told.
 */
public final class RealtimeResponseException extends RealtimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern TRY_AGAIN = Pattern.compile("try again in (\\d+(?:\\.\\d+)?)\\s*(ms|s)", Pattern.CASE_INSENSITIVE);

    private final transient ResponseResult response;

    public RealtimeResponseException(ResponseResult response) {
        super(describe(response));
        this.response = response;
    }

    private static String describe(ResponseResult r) {
        StringBuilder sb = new StringBuilder("Response ").append(r.responseId()).append(" ended ").append(r.status());
        if (r.statusReason() != null) {
            sb.append(" (reason ").append(r.statusReason()).append(')');
        }
        if (r.errorCode() != null || r.errorMessage() != null) {
            sb.append(": ");
            if (r.errorCode() != null) {
                sb.append('[').append(r.errorCode()).append("] ");
            }
            if (r.errorMessage() != null) {
                sb.append(r.errorMessage());
            }
        }
        retryAfter(r.errorMessage()).ifPresent(d -> sb.append(" (retry after ").append(d.toMillis()).append(" ms)"));
        return sb.toString();
    }

    private static Optional<Duration> retryAfter(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = TRY_AGAIN.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(m.group(1));
        long millis = "ms".equalsIgnoreCase(m.group(2)) ? Math.round(value) : Math.round(value * 1000);
        return Optional.of(Duration.ofMillis(millis));
    }

    public ResponseResult getResponse() {
        return response;
    }

    public String getStatus() {
        return response.status();
    }

    public String getReason() {
        return response.statusReason();
    }

    public String getErrorCode() {
        return response.errorCode();
    }

    public String getErrorType() {
        return response.errorType();
    }

    /** How long the server asked to wait before retrying, when its message says so (rate limits). */
    public Optional<Duration> getRetryAfter() {
        return retryAfter(response.errorMessage());
    }
}
