package io.github.camelrealtime.fastrouter.transport;

import java.io.IOException;

/**
 * The server sent a message longer than {@code maxMessageSize} characters. The connection is closed when this
 * happens and {@link RealtimeConnection.Listener#onClosed} receives this exception as the cause of a 1009 status.
 */
public final class MessageTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final int limit;

    public MessageTooLargeException(long size, int limit) {
        super("inbound message of at least " + size + " chars exceeds maxMessageSize of " + limit + " chars");
        this.size = size;
        this.limit = limit;
    }

    /** How many characters of the message had arrived when it was refused (a lower bound of its length). */
    public long size() {
        return size;
    }

    /** The configured limit, in characters. */
    public int limit() {
        return limit;
    }
}
