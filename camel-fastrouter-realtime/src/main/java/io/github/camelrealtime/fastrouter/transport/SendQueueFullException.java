package io.github.camelrealtime.fastrouter.transport;

import java.io.IOException;

/**
 * A message was refused because {@code sendQueueCapacity} messages were already waiting to be written (the server or
 * the network is slower than the sender). Nothing of the refused message was sent; the connection stays open.
 */
public final class SendQueueFullException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int capacity;

    public SendQueueFullException(int capacity) {
        super("send queue full: " + capacity + " messages are already waiting to be written (sendQueueCapacity="
                + capacity + "); the message was not sent");
        this.capacity = capacity;
    }

    /** The queue's capacity, in messages. */
    public int capacity() {
        return capacity;
    }
}
