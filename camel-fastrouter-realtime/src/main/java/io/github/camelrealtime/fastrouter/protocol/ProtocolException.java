package io.github.camelrealtime.fastrouter.protocol;

/**
 * A Realtime message or event that cannot be decoded, validated or encoded: invalid JSON, a message without a
 * string {@code type}, an unknown client event type, a missing required field, invalid base64 audio, an event the
 * target dialect lacks, or an event over the size limit. The message says what is wrong and where.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
