package io.github.camelrealtime.fastrouter.transport;

import java.io.EOFException;
import java.lang.System.Logger.Level;
import java.net.ProtocolException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Realtime WebSocket connection over {@link java.net.http.WebSocket}: text messages only, whole messages in both
 * directions.
 *
 * <p><b>Sending.</b> {@link #send} queues the message and returns at once; a single writer hands the messages to the JDK
 * one at a time (the JDK allows one outstanding {@code sendText}) in FIFO order. The queue holds at most
 * {@code sendQueueCapacity} messages (the one being written included); beyond that {@code send} fails with
 * {@link SendQueueFullException} without sending anything. No thread ever blocks waiting for the socket.
 *
 * <p><b>Receiving.</b> Fragments are reassembled into one growable char buffer, capped at {@code maxMessageSize}
 * chars; a longer message closes the connection (the listener sees 1009 and a {@link MessageTooLargeException}).
 * Complete messages are delivered to the {@link Listener} on the JDK's thread, only as far as the owner has asked with
 * {@link #request}: nothing is read from the socket while there is no demand, so a slow owner slows the server down
 * instead of growing memory. Pings are answered by the JDK when the frame is read; a silent peer is caught by the
 * {@link Heartbeat}.
 *
 * <p><b>Closing.</b> {@link #close} sends the queued messages, then a close frame, and waits for the server's close
 * (at most {@code closeTimeout} in all); {@link #abort} drops the TCP connection at once. Whatever ends the connection,
 * {@link Listener#onClosed} is called exactly once and every message not yet written fails with
 * {@link ConnectionClosedException}.
 */
public final class RealtimeConnection {

    private static final System.Logger LOG = System.getLogger(RealtimeConnection.class.getName());

    private static final int INITIAL_BUFFER_CHARS = 8 * 1024;
    /** A reassembly buffer grown beyond this is dropped after its message, so one huge event does not pin memory. */
    private static final int RETAINED_BUFFER_CHARS = 1024 * 1024;
    /** RFC 6455 limits a close reason to 123 bytes of UTF-8. */
    private static final int MAX_CLOSE_REASON_BYTES = 123;

    /**
     * Receives what arrives on a connection. Callbacks run on the HTTP client's threads, one at a time, and must not
     * block.
     */
    public interface Listener {

        /**
         * One complete (reassembled) text message. The CharSequence is valid only during the call: copy what must be
         * kept. Nothing more is delivered until {@link RealtimeConnection#request} adds demand; the initial demand is 0.
         */
        void onMessage(RealtimeConnection connection, CharSequence message);

        /**
         * The connection ended: server close (its code and reason), TCP failure (1006 and the cause), message too big
         * (1009 and a {@link MessageTooLargeException}) or {@link RealtimeConnection#abort()} (1006). Called exactly
         * once, on the thread that observed the end.
         */
        void onClosed(RealtimeConnection connection, CloseStatus status);
    }

    private enum State { OPEN, CLOSING, CLOSE_SENT, CLOSED }

    private record PendingSend(CharSequence message, CompletableFuture<Void> written) {
    }

    private final ConnectionSettings settings;
    private final Listener listener;
    private final Executor executor;
    private final String target;
    private volatile WebSocket webSocket;

    private final Object sendLock = new Object();
    /** Guarded by sendLock. */
    private final ArrayDeque<PendingSend> sendQueue = new ArrayDeque<>();
    /** Guarded by sendLock: the message the JDK is writing, or null. */
    private PendingSend inFlight;
    /** Guarded by sendLock: a thread owns the writer (is in, or will re-enter, {@link #writeQueued()}). */
    private boolean writing;
    /** Written under sendLock. */
    private volatile State state = State.OPEN;
    /** Guarded by sendLock. */
    private int closeCode;
    /** Guarded by sendLock. */
    private String closeReason = "";

    private final AtomicBoolean closedReported = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Our close frame is sent (or being sent): inbound messages are discarded while waiting for the server's close. */
    private volatile boolean closeFrameSent;

    /** Complete messages the owner still wants. */
    private final AtomicLong demand = new AtomicLong();
    /** One frame is requested from the JDK and has not arrived yet. */
    private final AtomicBoolean frameRequested = new AtomicBoolean();
    private final Heartbeat heartbeat;
    /** A fragmented message has started and not ended; its next fragments are requested without owner demand. */
    private volatile boolean inMessage;
    /** Listener thread only. */
    private char[] assembly;
    /** Listener thread only. */
    private int assembled;
    /** Listener thread only. */
    private boolean binaryReported;

    private RealtimeConnection(ConnectionSettings settings, Listener listener, Executor executor) {
        this.settings = settings;
        this.listener = listener;
        this.executor = executor;
        this.target = RealtimeUris.redact(settings.uri());
        this.heartbeat = new Heartbeat(settings.heartbeatInterval(), executor, target, () -> webSocket, closedReported::get,
                frameRequested::get, this::drop);
    }

    /**
     * Opens a connection. The future completes when the upgrade succeeded, or fails with a
     * {@link RealtimeHandshakeException} (HTTP status and the server's error body), an {@link java.io.IOException}
     * (connect failure, timeout, TLS), or an {@link IllegalArgumentException} for a URI the JDK refuses. After it
     * completes, call {@link #request} to start receiving.
     */
    public static CompletableFuture<RealtimeConnection> open(HttpClient client, ConnectionSettings settings,
                                                             Listener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        RealtimeConnection connection = new RealtimeConnection(settings, listener,
                client.executor().orElse(ForkJoinPool.commonPool()));
        CompletableFuture<WebSocket> upgrade;
        try {
            WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
            settings.headers().forEach(builder::header);
            LOG.log(Level.DEBUG, () -> "opening " + connection.target + " with headers " + settings.headers().keySet());
            upgrade = builder.buildAsync(settings.uri(), connection.new JdkListener());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<RealtimeConnection> opened = new CompletableFuture<>();
        upgrade.whenComplete((webSocket, failure) -> {
            if (failure != null) {
                Throwable translated = HandshakeFailures.translate(unwrap(failure), settings);
                LOG.log(Level.DEBUG, () -> "opening " + connection.target + " failed: " + translated);
                opened.completeExceptionally(translated);
                return;
            }
            connection.webSocket = webSocket;
            if (client.executor().orElse(null) instanceof ClientExecutor inline) {
                // counted until the connection ends, whatever ends it (reportClosed runs exactly once)
                inline.socketOpened();
                connection.closed.whenComplete((v, err) -> inline.socketClosed());
            }
            LOG.log(Level.DEBUG, () -> "opened " + connection.target);
            connection.heartbeat.start();
            if (!opened.complete(connection)) {
                // the caller gave up (cancelled or timed out) while the upgrade was under way: nobody owns this socket
                webSocket.abort();
            }
        });
        return opened;
    }

    /**
     * Queues one complete text message. The future completes when the JDK has written it, or fails with
     * {@link SendQueueFullException} (at once, nothing sent), {@link ConnectionClosedException} (closing, closed, or the
     * connection failed before it was written) or {@link IllegalArgumentException} (not valid UTF-16: an unpaired
     * surrogate, which would break the frame half-way). The message must not change until the future completes.
     * Callbacks attached to the future may run on the JDK's threads and must not block.
     */
    public CompletableFuture<Void> send(CharSequence message) {
        Objects.requireNonNull(message, "message");
        int broken = firstUnpairedSurrogate(message);
        if (broken >= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "the message is not valid UTF-16: unpaired surrogate at index " + broken));
        }
        PendingSend pending = new PendingSend(message, new CompletableFuture<>());
        boolean startWriter;
        synchronized (sendLock) {
            if (state != State.OPEN) {
                return CompletableFuture.failedFuture(new ConnectionClosedException(
                        "the connection to " + target + " is " + (state == State.CLOSED ? "closed" : "closing")));
            }
            if (sendQueue.size() + (inFlight != null ? 1 : 0) >= settings.sendQueueCapacity()) {
                return CompletableFuture.failedFuture(new SendQueueFullException(settings.sendQueueCapacity()));
            }
            sendQueue.add(pending);
            startWriter = !writing;
            writing = true;
        }
        if (startWriter) {
            writeQueued();
        }
        return pending.written();
    }

    /** Adds demand for {@code n} more complete messages (saturating at {@link Long#MAX_VALUE}). */
    public void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("demand must be positive, not " + n);
        }
        demand.accumulateAndGet(n, (current, added) -> {
            long sum = current + added;
            return sum < 0 ? Long.MAX_VALUE : sum;
        });
        requestFrameIfWanted();
    }

    /**
     * Closes gracefully: the messages already queued are written, then a close frame with this code and reason (the
     * reason is cut to 123 UTF-8 bytes), then the server's close is awaited. New sends fail from now on. Inbound
     * messages still arriving after the close frame are discarded. Past {@code closeTimeout} the connection is dropped.
     * Idempotent: later calls return the same outcome and change nothing. The future completes after
     * {@link Listener#onClosed}.
     *
     * @throws IllegalArgumentException for a code a client may not send (the JDK allows 1000, 1001, 1008, 1011 and
     *                                  3000 to 4999)
     */
    public CompletableFuture<Void> close(int code, String reason) {
        requireSendableCloseCode(code);
        String shortReason = truncateUtf8(reason == null ? "" : reason, MAX_CLOSE_REASON_BYTES);
        boolean sendNow;
        synchronized (sendLock) {
            if (state != State.OPEN) {
                return closed.copy();
            }
            closeCode = code;
            closeReason = shortReason;
            sendNow = !writing;
            state = sendNow ? State.CLOSE_SENT : State.CLOSING;
        }
        LOG.log(Level.DEBUG, () -> "closing " + target + " with " + code + (sendNow ? "" : " after the queued sends"));
        CompletableFuture.delayedExecutor(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS, executor)
                .execute(() -> closeTimedOut(code, shortReason));
        if (sendNow) {
            sendCloseFrame(code, shortReason);
        }
        return closed.copy();
    }

    /** Drops the connection now; queued and in-flight sends fail and {@link Listener#onClosed} gets 1006 "aborted". */
    public void abort() {
        drop(new CloseStatus(CloseStatus.ABNORMAL_CLOSURE, "aborted", null));
    }

    /** True until the connection starts closing (a close was requested) or has ended. */
    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Messages accepted by {@link #send} and not yet written, the one being written included. */
    public int pendingSends() {
        synchronized (sendLock) {
            return sendQueue.size() + (inFlight != null ? 1 : 0);
        }
    }

    @Override
    public String toString() {
        return "RealtimeConnection[" + target + ", " + state + "]";
    }

    // ---- sending -----------------------------------------------------------------------------------------------

    /**
     * The single writer: hands queued messages to the JDK one at a time. Runs on the thread that found the writer
     * idle, then on the JDK thread completing each write; loops instead of recursing when a write completes at once.
     */
    private void writeQueued() {
        while (true) {
            PendingSend next;
            boolean sendClose = false;
            int code;
            String reason;
            synchronized (sendLock) {
                next = sendQueue.poll();
                inFlight = next;
                if (next == null) {
                    writing = false;
                    if (state == State.CLOSING) {
                        state = State.CLOSE_SENT;
                        sendClose = true;
                    }
                }
                code = closeCode;
                reason = closeReason;
            }
            if (next == null) {
                if (sendClose) {
                    sendCloseFrame(code, reason);
                }
                return;
            }
            CompletableFuture<WebSocket> write;
            try {
                write = webSocket.sendText(next.message(), true);
            } catch (RuntimeException e) {
                write = CompletableFuture.failedFuture(e);
            }
            if (!write.isDone()) {
                write.whenComplete((socket, failure) -> {
                    if (writeFinished(next, failure)) {
                        writeQueued();
                    }
                });
                return;
            }
            if (!writeFinished(next, failureOf(write))) {
                return;
            }
        }
    }

    /** Completes the message's future; returns whether the writer should go on. */
    private boolean writeFinished(PendingSend pending, Throwable failure) {
        synchronized (sendLock) {
            if (inFlight == pending) {
                inFlight = null;
            }
        }
        if (failure == null) {
            pending.written().complete(null);
            return true;
        }
        Throwable cause = unwrap(failure);
        pending.written().completeExceptionally(new ConnectionClosedException(
                "the connection to " + target + " failed while the message was being written", cause, true));
        if (!closedReported.get()) {
            LOG.log(Level.DEBUG, () -> "write to " + target + " failed: " + cause);
            drop(new CloseStatus(CloseStatus.ABNORMAL_CLOSURE, "write failed", cause));
        }
        return false;
    }

    private void sendCloseFrame(int code, String reason) {
        closeFrameSent = true;
        WebSocket socket = webSocket;
        socket.sendClose(code, reason).whenComplete((ignored, failure) -> {
            if (failure != null && !closedReported.get()) {
                Throwable cause = unwrap(failure);
                LOG.log(Level.DEBUG, () -> "sending the close frame to " + target + " failed: " + cause);
                drop(new CloseStatus(CloseStatus.ABNORMAL_CLOSURE, "close failed", cause));
            }
        });
        // the server's close frame only arrives if frames are requested
        requestFrameIfWanted();
    }

    private void closeTimedOut(int code, String reason) {
        if (closedReported.get()) {
            return;
        }
        LOG.log(Level.DEBUG, () -> "closing " + target + " did not finish within " + settings.closeTimeout()
                + "; dropping the connection");
        drop(new CloseStatus(code, reason, null));
    }

    // ---- receiving ---------------------------------------------------------------------------------------------

    /**
     * Asks the JDK for the next frame when one is wanted and none is outstanding. A frame is wanted while the owner
     * has demand, while a fragmented message is incomplete, and after our close frame (to read the server's close).
     */
    private void requestFrameIfWanted() {
        WebSocket socket = webSocket;
        if (socket == null) {
            return;
        }
        if (frameWanted(socket) && frameRequested.compareAndSet(false, true)) {
            heartbeat.readingResumed();
            socket.request(1);
        }
    }

    private void receiveText(CharSequence data, boolean last) {
        if (closeFrameSent) {
            // draining until the server's close frame: the owner asked to close, inbound messages are dropped
            assembled = 0;
            inMessage = !last;
            endOfCallback();
            return;
        }
        if (closedReported.get()) {
            return;
        }
        int max = settings.maxMessageSize();
        int length = data.length();
        if (!inMessage && last) {
            if (length > max) {
                messageTooLarge(length);
                return;
            }
            deliver(data);
        } else {
            long total = (long) assembled + length;
            if (total > max) {
                messageTooLarge(total);
                return;
            }
            append(data, length);
            inMessage = !last;
            if (last) {
                CharBuffer message = CharBuffer.wrap(assembly, 0, assembled);
                assembled = 0;
                deliver(message);
                if (assembly != null && assembly.length > RETAINED_BUFFER_CHARS) {
                    assembly = null;
                }
            }
        }
        endOfCallback();
    }

    /**
     * Ends a JDK callback. While a callback runs, {@code frameRequested} stays set, so other threads only add demand
     * and never call the JDK's {@code request} concurrently with the callback: on JDK 17 such a request can be lost,
     * after which the socket is never read again (a dropped connection then goes unnoticed). The callback's own
     * thread asks for the next frame here; only when nothing is wanted does it clear the flag, and then it re-checks
     * for demand that arrived meanwhile.
     */
    private void endOfCallback() {
        WebSocket socket = webSocket;
        if (socket != null && frameWanted(socket)) {
            socket.request(1);
            return;
        }
        frameRequested.set(false);
        requestFrameIfWanted();
    }

    private boolean frameWanted(WebSocket socket) {
        return closeFrameSent
                ? !socket.isInputClosed()
                : !closedReported.get() && (inMessage || demand.get() > 0);
    }

    private void deliver(CharSequence message) {
        demand.decrementAndGet();
        try {
            listener.onMessage(this, message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the listener of " + target + " failed on a message; the message is dropped", e);
        }
    }

    private void append(CharSequence data, int length) {
        int needed = assembled + length;
        if (assembly == null || needed > assembly.length) {
            int max = settings.maxMessageSize();
            long capacity = assembly == null ? Math.min(INITIAL_BUFFER_CHARS, max) : assembly.length;
            while (capacity < needed) {
                capacity = Math.min(capacity * 2, max);
            }
            char[] grown = new char[(int) capacity];
            if (assembled > 0) {
                System.arraycopy(assembly, 0, grown, 0, assembled);
            }
            assembly = grown;
        }
        if (data instanceof CharBuffer buffer) {
            buffer.duplicate().get(assembly, assembled, length);
        } else if (data instanceof String text) {
            text.getChars(0, length, assembly, assembled);
        } else {
            for (int i = 0; i < length; i++) {
                assembly[assembled + i] = data.charAt(i);
            }
        }
        assembled = needed;
    }

    private void messageTooLarge(long size) {
        MessageTooLargeException tooLarge = new MessageTooLargeException(size, settings.maxMessageSize());
        LOG.log(Level.WARNING, () -> "closing " + target + ": " + tooLarge.getMessage());
        assembly = null;
        assembled = 0;
        inMessage = false;
        closeFrameSent = true;
        // reported first, so a close() racing with this finds the connection closed and sends nothing
        reportClosed(new CloseStatus(CloseStatus.MESSAGE_TOO_BIG, "message too big", tooLarge), false);
        WebSocket socket = webSocket;
        // The JDK refuses to send 1009 (and 1003) from a client (StatusCodes.isLegalToSendFromClient), so the frame
        // carries 1008, which RFC 6455 §7.4.1 names as the generic code when a more specific one cannot be used.
        socket.sendClose(CloseStatus.POLICY_VIOLATION, "message too big").whenComplete((ignored, failure) -> {
            if (failure != null) {
                socket.abort();
            }
        });
        CompletableFuture.delayedExecutor(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS, executor)
                .execute(socket::abort);
        // keep reading (and discarding) until the server's close, so our close frame is not lost to a TCP reset
        endOfCallback();
    }

    private void receiveClose(int code, String serverReason) {
        frameRequested.set(false);
        // the reason is the server's text: it may echo a credential, and it goes into logs, exceptions and events
        String reason = Secrets.redact(serverReason, Secrets.secretValues(settings.headers()));
        Throwable cause = code == CloseStatus.ABNORMAL_CLOSURE
                ? new EOFException("the server closed the TCP connection without a close frame")
                : null;
        LOG.log(Level.DEBUG, () -> target + " closed by the server: " + code + " " + reason);
        reportClosed(new CloseStatus(code, reason, cause), false);
    }

    private void receiveError(Throwable error) {
        CloseStatus status = error instanceof ProtocolException rejected
                // the JDK already sent the close (1002 or 1007) for a frame that breaks RFC 6455
                ? CloseStatus.frameRejected(rejected)
                : new CloseStatus(CloseStatus.ABNORMAL_CLOSURE, "transport failure", error);
        LOG.log(Level.DEBUG, () -> target + " failed: " + error);
        reportClosed(status, true);
    }

    // ---- ending ------------------------------------------------------------------------------------------------

    /**
     * Ends the connection now with this status. Reported before the socket is aborted: aborting fails the JDK's
     * in-flight write, and that failure must not be reported as the reason instead.
     */
    private void drop(CloseStatus status) {
        reportClosed(status, true);
        WebSocket socket = webSocket;
        if (socket != null) {
            socket.abort();
        }
    }

    /**
     * Reports the end exactly once: fails the messages not yet written, then calls the listener.
     *
     * @param failInFlight whether the message being written is failed too; false when the JDK still completes it
     *                     (the server closed and the socket stays usable for the pending write)
     */
    private void reportClosed(CloseStatus status, boolean failInFlight) {
        if (!closedReported.compareAndSet(false, true)) {
            return;
        }
        List<PendingSend> unsent;
        PendingSend writingNow;
        synchronized (sendLock) {
            state = State.CLOSED;
            unsent = new ArrayList<>(sendQueue);
            sendQueue.clear();
            writingNow = inFlight;
        }
        String description = status.describe();
        if (failInFlight && writingNow != null) {
            writingNow.written().completeExceptionally(new ConnectionClosedException(
                    "the connection to " + target + " ended (" + description + ") while the message was being written",
                    status.cause(), true));
        }
        for (PendingSend pending : unsent) {
            pending.written().completeExceptionally(new ConnectionClosedException(
                    "the connection to " + target + " ended (" + description + ") before the message was written",
                    status.cause(), false));
        }
        LOG.log(Level.DEBUG, () -> target + " ended: " + description
                + (unsent.isEmpty() ? "" : "; " + unsent.size() + " queued messages not sent"));
        try {
            listener.onClosed(this, status);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the listener of " + target + " failed in onClosed", e);
        } finally {
            closed.complete(null);
        }
    }

    /** The adapter the JDK calls; it never requests frames by itself (the JDK's default methods would). */
    private final class JdkListener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket socket) {
            if (webSocket == null) {
                webSocket = socket;
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            heartbeat.heard();
            receiveText(data, last);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            heartbeat.heard();
            if (!binaryReported) {
                binaryReported = true;
                LOG.log(Level.WARNING, () -> target + " sent a binary frame; the Realtime protocol has none, ignoring");
            }
            endOfCallback();
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket socket, ByteBuffer message) {
            // the JDK has already queued the pong
            heartbeat.heard();
            endOfCallback();
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
            heartbeat.heard();
            endOfCallback();
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            receiveClose(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            receiveError(error);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void requireSendableCloseCode(int code) {
        boolean sendable = code == 1000 || code == 1001 || code == 1008 || code == 1011 || (code >= 3000 && code <= 4999);
        if (!sendable) {
            throw new IllegalArgumentException("a client cannot send close code " + code
                    + " (allowed: 1000, 1001, 1008, 1011, 3000-4999)");
        }
    }

    static String truncateUtf8(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    static int firstUnpairedSurrogate(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static Throwable failureOf(CompletableFuture<?> done) {
        try {
            done.getNow(null);
            return null;
        } catch (CompletionException | CancellationException e) {
            return e;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
