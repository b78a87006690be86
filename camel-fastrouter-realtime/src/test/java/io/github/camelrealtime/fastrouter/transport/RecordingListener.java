package io.github.camelrealtime.fastrouter.transport;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what a connection delivers; optionally asks for the next message after each one. */
final class RecordingListener implements RealtimeConnection.Listener {

    private final boolean requestAfterEachMessage;
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final List<CloseStatus> closes = new CopyOnWriteArrayList<>();
    final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

    RecordingListener() {
        this(false);
    }

    RecordingListener(boolean requestAfterEachMessage) {
        this.requestAfterEachMessage = requestAfterEachMessage;
    }

    @Override
    public void onMessage(RealtimeConnection connection, CharSequence message) {
        messages.add(message.toString());
        if (requestAfterEachMessage) {
            connection.request(1);
        }
    }

    @Override
    public void onClosed(RealtimeConnection connection, CloseStatus status) {
        closes.add(status);
        closed.complete(status);
    }

    String awaitMessage() throws InterruptedException {
        String message = messages.poll(TestWebSocketServer.WAIT_SECONDS, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message was delivered");
        }
        return message;
    }

    CloseStatus awaitClosed() throws Exception {
        return closed.get(TestWebSocketServer.WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
