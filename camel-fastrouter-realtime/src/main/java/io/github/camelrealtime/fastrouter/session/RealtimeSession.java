package io.github.camelrealtime.fastrouter.session;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.protocol.SessionUpdateEncoder;
import io.github.camelrealtime.fastrouter.transport.CloseStatus;
import io.github.camelrealtime.fastrouter.transport.ConnectionSettings;
import io.github.camelrealtime.fastrouter.transport.RealtimeConnection;
import io.github.camelrealtime.fastrouter.transport.RealtimeHandshakeException;
import io.github.camelrealtime.fastrouter.transport.Secrets;
import org.apache.camel.util.backoff.BackOff;
import org.apache.camel.util.backoff.BackOffTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live conversation with the Realtime server: its socket, its dialect, and its state.
 * <p>
 * Server events are decoded on the socket's thread, applied to the state under one lock, and handed to the
 * listeners on the session's own ordered delivery lane; the socket is asked for the next message only once the
 * listeners took the previous one (so a slow route slows the socket instead of growing memory). Responses are
 * created one at a time per conversation: exchanges take turns (the next input goes out after the previous reply),
 * tool-call follow-ups jump the queue, and a response the server started itself (VAD) holds the queue until it ends.
 * Out-of-band responses run beside the conversation, told apart by {@code response.metadata.camel_request}.
 */
public final class RealtimeSession {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeSession.class);
    private static final int RECEIVE_WINDOW = 64;
    /** Demand is given back in batches of this many messages (a quarter of the window: it never runs dry). */
    private static final int CREDIT_BATCH = 16;
    private static final int REMEMBERED_CLIENT_EVENTS = 512;
    /** Tool round trips one exchange may take before the component stops answering calls and replies with them. */
    static final int MAX_TOOL_ROUNDS = 8;

    private enum State { NEW, CONNECTING, OPEN, RECONNECTING, CLOSED }

    private final SessionKey key;
    private final SessionOptions options;
    private final SessionServices services;
    private final ToolInvoker tools;
    private final Consumer<RealtimeSession> onTerminated;
    private final SerialExecutor lane;
    private final String idPrefix;
    private final AtomicLong eventCounter = new AtomicLong();
    private final AtomicLong requestCounter = new AtomicLong();
    private final SessionUsage usage = new SessionUsage();
    private volatile long lastActivityNanos = System.nanoTime();
    /** When the current socket's session was created, for maxSessionDuration. */
    private volatile long openedAtNanos = System.nanoTime();
    /** The socket being closed on purpose to start a fresh one before the server's cap (reconnected, not terminated). */
    private volatile RealtimeConnection recycling;
    /** The credentials this session sends, masked out of every server text it logs or puts in an exception. */
    private final List<String> secrets;

    private final Object lock = new Object();
    // guarded by lock
    private State state = State.NEW;
    private RealtimeConnection connection;
    private Dialect dialect;
    private String serverSessionId;
    private CompletableFuture<Void> ready = new CompletableFuture<>();
    private boolean everOpened;
    private String lastProblem;
    private boolean closeRequested;
    private String sessionUpdateEventId;
    private final InterruptionClock clock;
    private final Map<String, ResponseAggregator> aggregators = new HashMap<>();
    private final ArrayDeque<ResponseRequest> turns = new ArrayDeque<>();
    private ResponseRequest currentTurn;
    private String activeInBandResponseId;
    private boolean inBandActive;
    /** The server echoes response.metadata (so a response without our id is the server's own, e.g. from VAD). */
    private boolean serverEchoesMetadata;
    /** The connection attempt under way; a late socket of an attempt given up on is aborted, not adopted. */
    private SocketListener currentAttempt;
    private final Map<String, ResponseRequest> requestsById = new HashMap<>();
    private final Map<String, ResponseRequest> requestsByResponseId = new HashMap<>();
    private final Map<String, ResponseRequest> requestsByEventId = new HashMap<>();
    private final ArrayDeque<CompletableFuture<RealtimeEvent>> transcriptWaiters = new ArrayDeque<>();
    private CompletableFuture<?> transcriptionChain = CompletableFuture.completedFuture(null);
    private final ToolCallLedger toolCalls = new ToolCallLedger();
    private final Map<String, String> recentClientEvents = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_CLIENT_EVENTS;
        }
    };

    public RealtimeSession(SessionKey key, SessionOptions options, SessionServices services, ToolInvoker tools,
                           Consumer<RealtimeSession> onTerminated) {
        this.key = key;
        this.options = options;
        this.services = services;
        this.tools = tools == null ? ToolInvoker.NONE : tools;
        this.onTerminated = onTerminated;
        this.lane = new SerialExecutor(services.workers());
        this.idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffL, 36);
        this.clock = new InterruptionClock(options.outputFormat(), System::nanoTime);
        this.secrets = Secrets.secretValues(connectionSettings(Dialect.GA).headers());
    }

    /** Server texts can quote the key ("Incorrect API key provided: ..."): mask it before logging or throwing. */
    private String redact(String serverText) {
        return Secrets.redact(serverText, secrets);
    }

    // ------------------------------------------------------------------ identity and state

    public SessionKey key() {
        return key;
    }

    public SessionOptions options() {
        return options;
    }

    /** The dialect of the live socket, or the one the next connection will use. */
    public Dialect dialect() {
        synchronized (lock) {
            return dialect != null ? dialect : options.dialect().connectWith();
        }
    }

    /** The server's session id ({@code sess_…}), once {@code session.created} arrived. */
    public String serverSessionId() {
        synchronized (lock) {
            return serverSessionId;
        }
    }

    public boolean isOpen() {
        synchronized (lock) {
            return state == State.OPEN;
        }
    }

    public boolean isClosed() {
        synchronized (lock) {
            return state == State.CLOSED;
        }
    }

    public String stateName() {
        synchronized (lock) {
            return state.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why the session last lost or failed its connection, or null. */
    public String lastProblem() {
        synchronized (lock) {
            return lastProblem;
        }
    }

    /**
     * Whether this keyed session has been idle (nothing sent or received, no exchange waiting) for longer than its
     * {@code sessionIdleTimeout}.
     */
    public boolean idleExpired(long nowNanos) {
        Duration idle = options.sessionIdleTimeout();
        return key.keyed() && idle != null && nowNanos - lastActivityNanos > idle.toNanos() && pendingTurns() == 0
               && pendingSends() == 0;
    }

    /**
     * Recycles the socket once it has lived {@code maxSessionDuration} and the conversation is quiet (no exchange waits,
     * no response runs): closed with 1000 and reconnected at once, settings sent again, before the server's own cap
     * would cut a reply off. The new socket is a new, empty conversation. Returns whether it started a recycle.
     */
    public boolean recycleIfDue(long nowNanos) {
        Duration max = options.maxSessionDuration();
        if (max == null || nowNanos - openedAtNanos < max.toNanos()) {
            return false;
        }
        RealtimeConnection conn;
        synchronized (lock) {
            if (state != State.OPEN || connection == null || currentTurn != null || !turns.isEmpty() || inBandActive
                || !requestsById.isEmpty() || !transcriptWaiters.isEmpty() || connection.pendingSends() > 0) {
                return false;
            }
            conn = connection;
            recycling = conn;
            // new exchanges wait for the fresh socket instead of writing to the closing one
            state = State.RECONNECTING;
            ready = new CompletableFuture<>();
        }
        LOG.info("Session {} recycles its socket after {} (maxSessionDuration)", key, max);
        conn.close(1000, "recycling before the session's maximum duration").exceptionally(err -> null);
        return true;
    }

    public SessionUsage usage() {
        return usage;
    }

    /** Exchanges waiting for their turn, plus the one whose turn it is. */
    public int pendingTurns() {
        synchronized (lock) {
            return turns.size() + (currentTurn == null ? 0 : 1);
        }
    }

    public int pendingSends() {
        synchronized (lock) {
            return connection == null ? 0 : connection.pendingSends();
        }
    }

    // ------------------------------------------------------------------ connecting

    /** Starts connecting if nobody did yet; completes when the session is open (after {@code session.created}). */
    public CompletableFuture<Void> open() {
        boolean start;
        CompletableFuture<Void> result;
        synchronized (lock) {
            start = state == State.NEW;
            if (start) {
                state = State.CONNECTING;
            }
            result = ready;
        }
        if (start) {
            establish().whenComplete((v, err) -> {
                if (err != null) {
                    connectFailed(unwrap(err), false);
                }
            });
        }
        return result;
    }

    /** {@link #open()}, failing with a clear exception if the session is not open within {@code max}. */
    public CompletableFuture<Void> whenReady(Duration max) {
        CompletableFuture<Void> opened = open();
        if (opened.isDone()) {
            return opened;
        }
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        var timer = services.scheduler().schedule(() -> {
            String problem = lastProblem();
            bounded.completeExceptionally(new RealtimeSessionClosedException("Session " + key + " did not open within "
                    + max.toMillis() + " ms (state " + stateName() + (problem == null ? "" : "; last problem: " + problem) + ")"));
        }, max.toMillis(), TimeUnit.MILLISECONDS);
        opened.whenComplete((v, err) -> {
            timer.cancel(false);
            if (err != null) {
                bounded.completeExceptionally(unwrap(err));
            } else {
                bounded.complete(null);
            }
        });
        return bounded;
    }

    private ConnectionSettings connectionSettings(Dialect d) {
        Map<String, String> headers = new LinkedHashMap<>(options.extraHeaders());
        if (options.apiKey() != null && !options.apiKey().isBlank()) {
            headers.put("Authorization", "Bearer " + options.apiKey());
        }
        if (d == Dialect.BETA) {
            headers.put("OpenAI-Beta", "realtime=v1");
        }
        return new ConnectionSettings(options.uri(), headers, options.connectTimeout(), options.maxMessageSize(),
                options.sendQueueCapacity(), ConnectionSettings.DEFAULT_CLOSE_TIMEOUT, options.heartbeatInterval());
    }

    /** Opens a socket and completes once the server said {@code session.created}; switches to GA when told to. */
    private CompletableFuture<Void> establish() {
        Dialect d = options.dialect().connectWith();
        SocketListener listener = new SocketListener(d);
        synchronized (lock) {
            currentAttempt = listener;
        }
        RealtimeConnection.open(services.httpClient(), connectionSettings(d), listener).whenComplete((conn, err) -> {
            if (err != null) {
                Throwable cause = unwrap(err);
                listener.created.completeExceptionally(cause instanceof RealtimeHandshakeException
                        ? cause : new RealtimeConnectException(options.uri(), cause));
                return;
            }
            boolean abort;
            synchronized (lock) {
                abort = closeRequested || state == State.CLOSED || currentAttempt != listener;
                if (!abort) {
                    connection = conn;
                    dialect = d;
                }
            }
            if (abort) {
                conn.abort();
                listener.created.completeExceptionally(new RealtimeSessionClosedException("Session " + key + " was closed"));
            } else {
                conn.request(RECEIVE_WINDOW);
            }
        });
        return listener.created.handle((v, err) -> {
            if (err == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = unwrap(err);
            if (cause instanceof DialectSwitch) {
                return establish();
            }
            return CompletableFuture.<Void>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private void connectFailed(Throwable cause, boolean duringReconnect) {
        boolean retry = options.reconnect() && isRetryable(cause);
        synchronized (lock) {
            if (closeRequested) {
                return;
            }
            lastProblem = cause.getMessage();
        }
        if (retry && !duringReconnect) {
            LOG.warn("Session {} could not connect ({}); retrying with backoff", key, cause.getMessage());
            scheduleReconnect(cause.getMessage());
        } else if (!duringReconnect) {
            terminate(cause);
        }
    }

    static boolean isRetryable(Throwable cause) {
        if (cause instanceof RealtimeHandshakeException h) {
            return h.retryable();
        }
        if (cause instanceof SocketClosedBeforeOpen c) {
            return c.status.retryable();
        }
        return cause instanceof ConnectException || cause instanceof HttpTimeoutException
               || (cause instanceof IOException && !(cause instanceof RealtimeHandshakeException));
    }

    private void scheduleReconnect(String why) {
        synchronized (lock) {
            state = State.RECONNECTING;
            if (ready.isDone()) {
                ready = new CompletableFuture<>();
            }
        }
        emitLifecycle(LifecycleEvents.RECONNECTING, null, why);
        BackOff backOff = BackOff.builder()
                .delay(options.reconnectInitialDelay())
                .maxDelay(options.reconnectMaxDelay())
                .multiplier(2d)
                .maxAttempts(options.reconnectMaxAttempts() > 0 ? options.reconnectMaxAttempts() : null)
                .build();
        BackOffTimer.Task task = services.reconnectTimer().schedule(backOff, this::attemptReconnect);
        task.whenComplete((t, err) -> {
            boolean gaveUp;
            synchronized (lock) {
                gaveUp = state == State.RECONNECTING && !closeRequested;
            }
            if (gaveUp) {
                terminate(new RealtimeSessionClosedException("Session " + key + " could not reconnect after "
                                                             + t.getCurrentAttempts() + " attempts"
                                                             + (t.getException() == null ? "" : ": " + t.getException().getMessage()),
                        t.getException()));
            }
        });
    }

    /** One reconnect attempt, on the reconnect timer's thread: true means "try again later". */
    private boolean attemptReconnect(BackOffTimer.Task task) {
        synchronized (lock) {
            if (closeRequested || state != State.RECONNECTING) {
                return false;
            }
        }
        try {
            try {
                establish().get(options.connectTimeout().toMillis() * 2 + 5000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                synchronized (lock) {
                    // this attempt is given up: if its socket still opens, it is aborted rather than adopted
                    currentAttempt = null;
                    RealtimeConnection late = connection;
                    if (late != null && state != State.OPEN) {
                        connection = null;
                        late.abort();
                    }
                }
                throw e;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? unwrap(e.getCause()) : e;
            synchronized (lock) {
                lastProblem = cause.getMessage();
            }
            if (isRetryable(cause) || cause instanceof TimeoutException) {
                LOG.info("Session {} reconnect attempt {} failed: {}", key, task.getCurrentAttempts(), cause.getMessage());
                return true;
            }
            terminate(cause);
            return false;
        }
    }

    /** Closes the session for good: no reconnect, pending exchanges fail, the registry forgets it. */
    public CompletableFuture<Void> close() {
        RealtimeConnection conn;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return CompletableFuture.completedFuture(null);
            }
            closeRequested = true;
            conn = connection;
        }
        terminate(new RealtimeSessionClosedException("Session " + key + " was closed"));
        return conn == null ? CompletableFuture.completedFuture(null) : conn.close(1000, "closed by client")
                .exceptionally(err -> null);
    }

    private void terminate(Throwable cause) {
        Effects fx = new Effects();
        RealtimeConnection conn;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            if (!closeRequested) {
                lastProblem = cause.getMessage();
            }
            state = State.CLOSED;
            conn = connection;
            connection = null;
            Throwable failure = cause instanceof RealtimeException || cause instanceof IOException
                    ? cause : new RealtimeSessionClosedException("Session " + key + " closed: " + cause.getMessage(), cause);
            if (!ready.isDone()) {
                CompletableFuture<Void> r = ready;
                fx.add(() -> r.completeExceptionally(failure));
            } else {
                ready = CompletableFuture.failedFuture(failure);
            }
            failInFlightLocked(failure, fx, true);
        }
        if (conn != null && closeRequested) {
            conn.close(1000, "closed by client").exceptionally(err -> null);
        } else if (conn != null) {
            conn.abort();
        }
        // forgotten before anyone hears of the failure, so the next exchange gets a fresh session
        onTerminated.accept(this);
        fx.run();
        emitLifecycle(LifecycleEvents.CLOSED, null, cause.getMessage());
    }

    /** Fails every exchange that can no longer get its answer; queued turns survive a reconnect unless {@code all}. */
    private void failInFlightLocked(Throwable failure, Effects fx, boolean all) {
        // requests still queued have written nothing: they keep their place for the next socket unless `all`
        Set<ResponseRequest> doomed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (ResponseRequest r : requestsById.values()) {
            // a tool follow-up answers calls of the old conversation: the new socket's session does not know them
            if (all || !turns.contains(r) || r.toolRounds > 0) {
                doomed.add(r);
            }
        }
        turns.removeIf(r -> r.toolRounds > 0 && !all);
        if (currentTurn != null) {
            doomed.add(currentTurn);
            currentTurn = null;
        }
        if (all) {
            doomed.addAll(turns);
            turns.clear();
        }
        for (ResponseRequest r : doomed) {
            failRequestLocked(r, failure, fx);
        }
        requestsById.values().removeIf(doomed::contains);
        for (CompletableFuture<RealtimeEvent> waiter : transcriptWaiters) {
            fx.add(() -> services.workers().execute(() -> waiter.completeExceptionally(failure)));
        }
        transcriptWaiters.clear();
        requestsByResponseId.clear();
        requestsByEventId.clear();
        aggregators.clear();
        for (CompletableFuture<ResponseResult> waiter : toolCalls.clear()) {
            fx.add(() -> services.workers().execute(() -> waiter.completeExceptionally(failure)));
        }
        inBandActive = false;
        activeInBandResponseId = null;
    }

    // ------------------------------------------------------------------ the socket listener

    /** Private marker: the server refused the beta shape and the endpoint is in {@code auto}: connect again as GA. */
    private static final class DialectSwitch extends Exception {
        private static final long serialVersionUID = 1L;

        DialectSwitch() {
            super("beta_api_shape_disabled: reconnecting as GA", null, false, false);
        }
    }

    /** The server closed the socket before {@code session.created}. */
    private static final class SocketClosedBeforeOpen extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient CloseStatus status;

        SocketClosedBeforeOpen(CloseStatus status, String serverError) {
            super("The server closed the connection before the session opened: " + status.code()
                  + (status.reason() == null || status.reason().isEmpty() ? "" : " " + status.reason())
                  + (serverError == null ? "" : " (" + serverError + ")"), status.cause());
            this.status = status;
        }
    }

    private final class SocketListener implements RealtimeConnection.Listener {
        private final Dialect socketDialect;
        private final CompletableFuture<Void> created = new CompletableFuture<>();
        private final java.util.concurrent.atomic.AtomicInteger credits = new java.util.concurrent.atomic.AtomicInteger();
        /** This listener's own socket (the session's current one may already be another). */
        private volatile RealtimeConnection ownSocket;
        private volatile boolean betaRefused;
        private volatile boolean expired;
        private volatile String lastError;

        private SocketListener(Dialect socketDialect) {
            this.socketDialect = socketDialect;
        }

        /** One message handled: give demand back to the socket in batches (each request(n) costs a scheduling). */
        void credit() {
            if (credits.incrementAndGet() >= CREDIT_BATCH) {
                int n = credits.getAndSet(0);
                RealtimeConnection conn = ownSocket;
                if (conn != null && n > 0) {
                    conn.request(n);
                }
            }
        }

        @Override
        public void onMessage(RealtimeConnection conn, CharSequence message) {
            ownSocket = conn;
            RealtimeEvent event;
            try {
                event = services.codec().decodeServer(message, socketDialect);
            } catch (ProtocolException e) {
                LOG.warn("Session {} skipped a server message it cannot read: {}", key, e.getMessage());
                credit();
                return;
            }
            if (EventTypes.ERROR.equals(event.type())) {
                JsonNode error = event.fields().path("error");
                lastError = redact(error.path("message").asText(null));
                if ("session_expired".equals(error.path("code").asText())) {
                    // beta announces expiry with this error and then closes 1000: that close is worth a reconnect
                    expired = true;
                }
                if ("beta_api_shape_disabled".equals(error.path("code").asText()) && socketDialect == Dialect.BETA
                    && options.dialect().auto()) {
                    betaRefused = true;
                    if (options.dialect().learnGa()) {
                        LOG.warn("The server at {} refused the beta Realtime shape (beta_api_shape_disabled); "
                                 + "switching this endpoint to the GA dialect. Set dialect=ga to skip this step.",
                                options.uri().getHost());
                    }
                    conn.abort();
                    return;
                }
            }
            try {
                onServerEvent(conn, event, this);
            } catch (RuntimeException e) {
                // the event is lost to a bug, but the socket must not lose the message's credit with it
                LOG.error("Session {} failed to handle a {} event", key, event.type(), e);
                credit();
            }
        }

        @Override
        public void onClosed(RealtimeConnection conn, CloseStatus status) {
            if (!created.isDone()) {
                boolean switchDialect = betaRefused || (socketDialect == Dialect.BETA && options.dialect().auto()
                                                        && status.code() == 4000 && status.reason() != null
                                                        && status.reason().contains("beta_api_shape_disabled"));
                if (switchDialect) {
                    if (!betaRefused && options.dialect().learnGa()) {
                        LOG.warn("The server refused the beta Realtime shape (close 4000); switching to the GA dialect");
                    }
                    synchronized (lock) {
                        if (connection == conn) {
                            connection = null;
                        }
                    }
                    created.completeExceptionally(new DialectSwitch());
                    return;
                }
                synchronized (lock) {
                    if (connection == conn) {
                        connection = null;
                    }
                }
                created.completeExceptionally(new SocketClosedBeforeOpen(status, lastError));
                return;
            }
            onSocketClosed(conn, status, expired);
        }
    }

    private void onSocketClosed(RealtimeConnection conn, CloseStatus status, boolean expired) {
        boolean reconnect;
        boolean recycledNow;
        String why = "closed " + status.code() + (status.reason() == null || status.reason().isEmpty() ? "" : " " + status.reason())
                     + (status.cause() == null ? "" : ": " + status.cause().getMessage());
        Effects fx = new Effects();
        synchronized (lock) {
            if (connection != conn || state == State.CLOSED) {
                return;
            }
            lastProblem = why;
            connection = null;
            recycledNow = recycling == conn;
            recycling = null;
            reconnect = !closeRequested && (recycledNow || (options.reconnect() && (status.retryable() || expired)));
            RealtimeSessionClosedException failure = new RealtimeSessionClosedException(
                    "Session " + key + " lost its connection before the reply arrived (" + why + ")", status.cause());
            failInFlightLocked(failure, fx, false);
            if (reconnect) {
                state = State.RECONNECTING;
                if (ready.isDone()) {
                    ready = new CompletableFuture<>();
                }
            }
        }
        fx.run();
        if (reconnect && recycledNow) {
            LOG.info("Session {} recycled its socket; opening a fresh one", key);
            scheduleReconnect("recycled after maxSessionDuration");
        } else if (reconnect) {
            LOG.warn("Session {} {}; reconnecting", key, why);
            scheduleReconnect(why);
        } else {
            if (status.cause() != null) {
                LOG.error("Session {} {}", key, why);
            } else {
                LOG.info("Session {} {}", key, why);
            }
            terminate(new RealtimeSessionClosedException("Session " + key + " " + why, status.cause()));
        }
    }

    // ------------------------------------------------------------------ server events

    private void onServerEvent(RealtimeConnection conn, RealtimeEvent event, SocketListener listener) {
        lastActivityNanos = System.nanoTime();
        Effects fx = new Effects();
        ResponseResult finished;
        boolean openedNow = false;
        boolean reopened = false;
        synchronized (lock) {
            if (connection != conn) {
                return;
            }
            if (EventTypes.SESSION_CREATED.equals(event.type()) && state != State.OPEN) {
                reopened = everOpened;
                openedNow = true;
                onSessionCreatedLocked(event, fx);
            }
            finished = applyLocked(event, fx);
        }
        fx.run();
        if (openedNow) {
            listener.created.complete(null);
            emitLifecycle(reopened ? LifecycleEvents.RECONNECTED : LifecycleEvents.OPENED, null, null);
        }
        deliver(event, finished, listener);
    }

    private void onSessionCreatedLocked(RealtimeEvent event, Effects fx) {
        serverSessionId = event.fields().path("session").path("id").asText(null);
        state = State.OPEN;
        openedAtNanos = System.nanoTime();
        clock.reset();
        CompletableFuture<Void> r = ready;
        try {
            RealtimeEvent update = SessionUpdateEncoder.sessionUpdate(options.settings(), dialect);
            EncodedEvent encoded = encodeLocked(update);
            sessionUpdateEventId = encoded.eventId();
            RealtimeConnection socket = connection;
            // sent after the lock is released (completions of sends must not run under it), and before anything else:
            // the effects run in order, and exchanges wait for `ready`, completed by a later effect
            fx.add(() -> socket.send(encoded.json()).exceptionally(err -> {
                LOG.warn("Session {} could not send its settings: {}", key, err.getMessage());
                return null;
            }));
        } catch (ProtocolException | RuntimeException e) {
            LOG.error("Session {} could not encode its settings: {}", key, e.getMessage());
        }
        everOpened = true;
        fx.add(() -> r.complete(null));
        pumpLocked(fx);
    }

    /** Applies one server event to the session's state; returns the aggregate when the event ends a response. */
    private ResponseResult applyLocked(RealtimeEvent event, Effects fx) {
        switch (event.type()) {
            case EventTypes.RESPONSE_CREATED -> onResponseCreatedLocked(event);
            case EventTypes.RESPONSE_DONE -> {
                return onResponseDoneLocked(event, fx);
            }
            case EventTypes.ERROR -> onErrorLocked(event, fx);
            case EventTypes.CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_COMPLETED -> completeTranscriptLocked(event, null, fx);
            case EventTypes.CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_FAILED -> completeTranscriptLocked(event,
                    new RealtimeServerErrorException(event.fields().at("/error/type").asText(null),
                            event.fields().at("/error/code").asText(null), redact(event.fields().at("/error/message").asText(null)),
                            event.fields().at("/error/param").asText(null), null), fx);
            case EventTypes.RESPONSE_FUNCTION_CALL_ARGUMENTS_DONE -> {
                ResponseAggregator agg = event.responseId() == null ? null : aggregators.get(event.responseId());
                if (agg != null && !agg.outOfBand()) {
                    toolCalls.callMade(event.responseId(), event.callId());
                }
                feedAggregator(event);
            }
            case EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA -> {
                clock.onAudioDelta(event.itemId(), event.contentIndex() == null ? 0 : event.contentIndex(), event.audioLength());
                feedAggregator(event);
            }
            default -> feedAggregator(event);
        }
        return null;
    }

    private void completeTranscriptLocked(RealtimeEvent event, Throwable failure, Effects fx) {
        CompletableFuture<RealtimeEvent> waiter = transcriptWaiters.poll();
        if (waiter != null) {
            fx.add(() -> services.workers().execute(() -> {
                if (failure != null) {
                    waiter.completeExceptionally(failure);
                } else {
                    waiter.complete(event);
                }
            }));
        }
    }

    private void feedAggregator(RealtimeEvent event) {
        String responseId = event.responseId();
        if (responseId != null) {
            ResponseAggregator agg = aggregators.get(responseId);
            if (agg != null) {
                agg.add(event);
            }
        }
    }

    private void onResponseCreatedLocked(RealtimeEvent event) {
        JsonNode response = event.fields().path("response");
        String responseId = response.path("id").asText(null);
        if (responseId == null) {
            return;
        }
        String requestId = response.path("metadata").path(ResponseRequest.METADATA_KEY).asText(null);
        if (requestId != null) {
            serverEchoesMetadata = true;
        }
        ResponseRequest request = requestId == null ? null : requestsById.get(requestId);
        boolean outOfBand = request != null ? request.outOfBand : isOutOfBand(response);
        if (request == null && requestId == null) {
            request = outOfBand ? oldestUnboundOutOfBand() : unboundCurrentTurn();
        }
        if (request != null && request.responseId == null) {
            request.responseId = responseId;
            requestsByResponseId.put(responseId, request);
        }
        boolean keepAudio = (request != null && request.result != null) || responseAudioWanted();
        aggregators.put(responseId, new ResponseAggregator(responseId, options.outputFormat(), response.get("metadata"), outOfBand,
                keepAudio));
        if (!outOfBand) {
            inBandActive = true;
            activeInBandResponseId = responseId;
        }
    }

    private static boolean isOutOfBand(JsonNode response) {
        JsonNode conversation = response.get("conversation_id");
        return conversation != null && conversation.isNull();
    }

    private ResponseRequest unboundCurrentTurn() {
        ResponseRequest t = currentTurn;
        // a turn that asked for a response takes an unmarked one only from a server that does not echo metadata
        if (t != null && t.responseId == null && (t.adoptsServerResponse() || (t.createSent && !serverEchoesMetadata))) {
            return t;
        }
        return null;
    }

    private ResponseRequest oldestUnboundOutOfBand() {
        for (ResponseRequest r : requestsById.values()) {
            if (r.outOfBand && r.responseId == null && r.createSent) {
                return r;
            }
        }
        return null;
    }

    private ResponseResult onResponseDoneLocked(RealtimeEvent event, Effects fx) {
        JsonNode response = event.fields().path("response");
        String responseId = response.path("id").asText(null);
        ResponseAggregator agg = responseId == null ? null : aggregators.remove(responseId);
        if (agg == null) {
            agg = new ResponseAggregator(responseId, options.outputFormat(), response.get("metadata"), isOutOfBand(response), false);
        }
        ResponseResult result = agg.finish(event);
        usage.add(result);
        ResponseRequest request = responseId == null ? null : requestsByResponseId.remove(responseId);
        if (!agg.outOfBand() && (responseId == null || responseId.equals(activeInBandResponseId) || activeInBandResponseId == null)) {
            inBandActive = false;
            activeInBandResponseId = null;
        }
        boolean continuing = false;
        if (!agg.outOfBand() && result.completed() && !result.toolCalls().isEmpty()) {
            continuing = startToolCallsLocked(result, request, fx);
        } else if (responseId != null) {
            settleWaiters(toolCalls.forget(responseId), result, fx);
        }
        if (request != null && !continuing) {
            requestsById.remove(request.requestId);
            finishRequestLocked(request, result, fx);
        }
        if (request != null && request == currentTurn) {
            currentTurn = null;
        }
        retryPendingCreateLocked(fx);
        pumpLocked(fx);
        return result;
    }

    /**
     * Answers the response's function calls through their tool routes. When every call has a route, the follow-up
     * (outputs, then one {@code response.create}) becomes the next turn and keeps the waiting exchange; otherwise
     * the routed calls are answered, the others wait for a producer message with the call id, and the last answer
     * creates the response.
     *
     * @return true when the request continues with a follow-up response
     */
    private boolean startToolCallsLocked(ResponseResult result, ResponseRequest request, Effects fx) {
        List<ToolCall> routed = new ArrayList<>();
        List<String> callIds = new ArrayList<>();
        for (ToolCall call : result.toolCalls()) {
            callIds.add(call.callId());
            if (call.name() != null && tools.hasRoute(call.name())) {
                routed.add(call);
            }
        }
        int rounds = request == null ? 1 : request.toolRounds + 1;
        if (rounds > MAX_TOOL_ROUNDS) {
            LOG.warn("Session {}: the model asked for tools {} times in a row for one exchange; replying with the calls "
                     + "instead of answering them again", key, MAX_TOOL_ROUNDS);
            settleWaiters(toolCalls.forget(result.responseId()), result, fx);
            return false;
        }
        if (!routed.isEmpty() && routed.size() == callIds.size()) {
            settleWaiters(toolCalls.forget(result.responseId()), result, fx);
            TurnInput outputs = writer -> answerThroughRoutes(routed, writer);
            ObjectNode params = request != null && request.responseParams != null
                    ? request.responseParams.deepCopy() : JsonNodeFactory.instance.objectNode();
            ResponseRequest followUp = request != null
                    ? request.continuation(outputs, params)
                    : new ResponseRequest(nextRequestId(), false, outputs, params, new CompletableFuture<>(), null);
            followUp.toolRounds = rounds;
            if (request != null) {
                forgetEventsLocked(request);
            }
            requestsById.put(followUp.requestId, followUp);
            if (request == currentTurn) {
                currentTurn = null;
            }
            turns.addFirst(followUp);
            return true;
        }
        ToolCallLedger.Outcome done = toolCalls.responseDone(result.responseId(), callIds);
        if (done.answer() == ToolCallLedger.Answer.DUE) {
            // every call was answered by the application before the response ended
            fx.add(() -> followUp(TurnInput.NONE, done.followUpWaiters(), false));
        }
        if (!routed.isEmpty()) {
            fx.add(() -> services.workers().execute(() -> answerThroughRoutes(routed, writer()).whenComplete((v, err) -> {
                for (ToolCall call : routed) {
                    ToolCallLedger.Outcome outcome = answered(call.callId(), null);
                    if (outcome.answer() == ToolCallLedger.Answer.DUE) {
                        followUp(TurnInput.NONE, outcome.followUpWaiters(), false);
                    }
                }
            })));
        }
        return false;
    }

    /** Exchanges that answered a call of a round that will get no ledger follow-up: they get the round's own response. */
    private void settleWaiters(List<CompletableFuture<ResponseResult>> waiters, ResponseResult result, Effects fx) {
        for (CompletableFuture<ResponseResult> waiter : waiters) {
            fx.add(() -> services.workers().execute(() -> {
                if (result.completed()) {
                    waiter.complete(result);
                } else {
                    waiter.completeExceptionally(new RealtimeResponseException(result));
                }
            }));
        }
    }

    private ToolCallLedger.Outcome answered(String callId, CompletableFuture<ResponseResult> waiter) {
        synchronized (lock) {
            return toolCalls.answered(callId, waiter);
        }
    }

    /** The response after a tool round's last output; its result goes to every exchange that answered a call of the round. */
    private CompletableFuture<ResponseResult> followUp(TurnInput input, List<CompletableFuture<ResponseResult>> waiters,
                                                       boolean callerWaits) {
        if (waiters.isEmpty() && !callerWaits) {
            return respondInOnly(input, null).thenApply(v -> null);
        }
        CompletableFuture<ResponseResult> result = respond(input, null);
        result.whenComplete((r, err) -> {
            for (CompletableFuture<ResponseResult> waiter : waiters) {
                if (err != null) {
                    waiter.completeExceptionally(unwrap(err));
                } else {
                    waiter.complete(r);
                }
            }
        });
        return result;
    }

    private CompletableFuture<Void> answerThroughRoutes(List<ToolCall> calls, TurnWriter writer) {
        List<CompletableFuture<String>> outputs = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            CompletableFuture<String> out;
            try {
                out = tools.invoke(this, call);
            } catch (RuntimeException e) {
                out = CompletableFuture.failedFuture(e);
            }
            outputs.add(out.handle((value, err) -> err == null ? (value == null ? "" : value) : toolErrorOutput(call, unwrap(err))));
        }
        return CompletableFuture.allOf(outputs.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<CompletableFuture<Void>> writes = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                writes.add(writer.send(functionCallOutput(calls.get(i).callId(), outputs.get(i).join())));
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
        });
    }

    /** What the model is told when a tool route failed: the tool and the innermost reason, nothing about the route. */
    private static String toolErrorOutput(ToolCall call, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("error", "The tool " + call.name() + " failed: " + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()));
        return out.toString();
    }

    static RealtimeEvent functionCallOutput(String callId, String output) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("type", EventTypes.CONVERSATION_ITEM_CREATE);
        ObjectNode item = fields.putObject("item");
        item.put("type", "function_call_output");
        item.put("call_id", callId);
        item.put("output", output);
        return RealtimeEvent.of(EventTypes.CONVERSATION_ITEM_CREATE, fields);
    }

    private void onErrorLocked(RealtimeEvent event, Effects fx) {
        JsonNode error = event.fields().path("error");
        String code = error.path("code").asText(null);
        String eventId = error.path("event_id").asText(null);
        String message = redact(error.path("message").asText(null));
        ResponseRequest owner = eventId == null ? null : requestsByEventId.get(eventId);
        if (owner != null) {
            if (eventId.equals(owner.createEventId) && "conversation_already_has_active_response".equals(code) && !owner.outOfBand) {
                // the server began a response of its own (server VAD) just before ours: ask again once it ends
                LOG.debug("Session {}: response.create of {} raced a server response; retrying after it", key, owner.requestId);
                if (owner.responseId != null) {
                    // the running response is the server's own, wrongly taken for ours: it is not this exchange's answer
                    requestsByResponseId.remove(owner.responseId);
                    owner.responseId = null;
                }
                owner.createSent = false;
                inBandActive = true;
                return;
            }
            if (!owner.waiting()) {
                String clientType = recentClientEvents.get(eventId);
                LOG.warn("Session {}: server error [{}] {} (answering {} {}, whose exchange already completed)", key, code, message,
                        clientType, eventId);
            }
            RealtimeServerErrorException failure = new RealtimeServerErrorException(
                    error.path("type").asText(null), code, message, error.path("param").asText(null), eventId);
            boolean createRejected = eventId.equals(owner.createEventId);
            if (createRejected && !owner.outOfBand) {
                inBandActive = false;
                activeInBandResponseId = null;
            }
            failRequestLocked(owner, failure, fx);
            if (owner.outOfBand && createRejected) {
                requestsById.remove(owner.requestId);
                forgetEventsLocked(owner);
            } else if (owner == currentTurn && (createRejected || !owner.createSent)) {
                currentTurn = null;
                requestsById.remove(owner.requestId);
                forgetEventsLocked(owner);
                pumpLocked(fx);
            }
            return;
        }
        if ("response_cancel_not_active".equals(code)) {
            LOG.debug("Session {}: {}", key, message);
        } else if (eventId != null && eventId.equals(sessionUpdateEventId)) {
            LOG.error("Session {}: the server rejected the session settings [{}]: {}", key, code, message);
        } else {
            String clientType = eventId == null ? null : recentClientEvents.get(eventId);
            LOG.warn("Session {}: server error [{}] {}{}", key, code, message,
                    clientType == null ? "" : " (answering " + clientType + " " + eventId + ")");
        }
    }

    private void retryPendingCreateLocked(Effects fx) {
        ResponseRequest t = currentTurn;
        if (t != null && !inBandActive && !t.createSent && !t.adoptsServerResponse() && t.createEventId != null) {
            sendCreateLocked(t, fx);
        }
    }

    // ------------------------------------------------------------------ delivering to listeners

    private boolean responseAudioWanted() {
        for (SessionListener l : services.listenersByName().apply(key.name())) {
            if (l.wantsResponseAudio()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hands the event to the listeners that want it, on the session's lane, and gives the socket its credit back once
     * they are done (so a slow route slows the socket); an event nobody wants is credited at once.
     */
    private void deliver(RealtimeEvent event, ResponseResult finished, SocketListener socket) {
        List<SessionListener> all = services.listenersByName().apply(key.name());
        List<SessionListener> interested = new ArrayList<>(all.size());
        for (SessionListener l : all) {
            if (l.wants(event)) {
                interested.add(l);
            }
        }
        if (interested.isEmpty() && (finished == null || all.isEmpty())) {
            if (socket != null) {
                socket.credit();
            }
            return;
        }
        lane.execute(() -> {
            try {
                for (SessionListener l : interested) {
                    safely(() -> l.onEvent(this, event));
                }
                if (finished != null) {
                    for (SessionListener l : all) {
                        safely(() -> l.onResponse(this, finished));
                    }
                }
            } finally {
                if (socket != null) {
                    socket.credit();
                }
            }
        });
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Session {}: a listener failed: {}", key, e.getMessage(), e);
        }
    }

    private void emitLifecycle(String type, Integer code, String reason) {
        String sessionId;
        String dialectName;
        synchronized (lock) {
            sessionId = serverSessionId;
            dialectName = dialect == null ? null : dialect.wireName();
        }
        deliver(LifecycleEvents.create(type, sessionId, dialectName, code, reason), null, null);
    }

    // ------------------------------------------------------------------ sending

    /** Gives the event an {@code event_id} (if it has none) and encodes it for the session's dialect. */
    public EncodedEvent encode(RealtimeEvent event) throws ProtocolException {
        synchronized (lock) {
            return encodeLocked(event);
        }
    }

    private EncodedEvent encodeLocked(RealtimeEvent event) throws ProtocolException {
        String eventId = event.eventId();
        RealtimeEvent withId = event;
        if (eventId == null || eventId.isEmpty()) {
            eventId = nextEventId();
            withId = event.withEventId(eventId);
        }
        CharSequence json = services.codec().encode(withId, dialect != null ? dialect : options.dialect().connectWith());
        recentClientEvents.put(eventId, event.type());
        return new EncodedEvent(eventId, event.type(), json);
    }

    /** A writer whose events belong to no exchange (InOnly sends), bound to the current socket. */
    public TurnWriter writer() {
        return new TurnWriter(this, null, currentConnection());
    }

    private RealtimeConnection currentConnection() {
        synchronized (lock) {
            return connection;
        }
    }

    void attribute(ResponseRequest request, String eventId) {
        synchronized (lock) {
            attributeLocked(request, eventId);
        }
    }

    private void attributeLocked(ResponseRequest request, String eventId) {
        request.eventIds.add(eventId);
        requestsByEventId.put(eventId, request);
    }

    /** Drops a finished request's event ids: later errors naming them can no longer fail anything. */
    private void forgetEventsLocked(ResponseRequest request) {
        for (String id : request.eventIds) {
            requestsByEventId.remove(id);
        }
        request.eventIds.clear();
    }

    public String nextEventId() {
        return "evt_" + idPrefix + "_" + Long.toString(eventCounter.incrementAndGet(), 36);
    }

    private String nextRequestId() {
        return idPrefix + "-" + requestCounter.incrementAndGet();
    }

    /** Queues an encoded event on the socket; completes when it was written. */
    public CompletableFuture<Void> write(EncodedEvent event) {
        return write(event, null);
    }

    /** Like {@link #write(EncodedEvent)}, but only on {@code expectedSocket} when given (see {@link TurnWriter}). */
    CompletableFuture<Void> write(EncodedEvent event, RealtimeConnection expectedSocket) {
        lastActivityNanos = System.nanoTime();
        RealtimeConnection conn;
        synchronized (lock) {
            conn = state == State.OPEN ? connection : null;
        }
        if (conn != null && expectedSocket != null && conn != expectedSocket) {
            return CompletableFuture.failedFuture(new RealtimeSessionClosedException("Session " + key
                    + " reconnected while this input was being sent; the rest of it was not sent to the new conversation"));
        }
        if (conn == null) {
            return CompletableFuture.failedFuture(new RealtimeSessionClosedException(
                    "Session " + key + " is not open (" + stateName() + "); " + event.type() + " was not sent"));
        }
        return conn.send(event.json());
    }

    /** Encodes and writes one event. */
    public CompletableFuture<Void> send(RealtimeEvent event) {
        try {
            return write(encode(event));
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ------------------------------------------------------------------ responses

    /** An in-conversation response to this exchange's input: waits its turn, writes the input, then asks. */
    public CompletableFuture<ResponseResult> respond(TurnInput input, ObjectNode responseParams) {
        return enqueue(input, responseParams == null ? JsonNodeFactory.instance.objectNode() : responseParams, true).result;
    }

    /** Like {@link #respond} for InOnly exchanges: completes once the input and {@code response.create} are written. */
    public CompletableFuture<Void> respondInOnly(TurnInput input, ObjectNode responseParams) {
        return enqueue(input, responseParams == null ? JsonNodeFactory.instance.objectNode() : responseParams, false).written;
    }

    /** Writes the input in turn, then takes the next response the server starts by itself (server VAD). */
    public CompletableFuture<ResponseResult> awaitServerResponse(TurnInput input) {
        return enqueue(input, null, true).result;
    }

    private ResponseRequest enqueue(TurnInput input, ObjectNode params, boolean waitForReply) {
        ResponseRequest request = new ResponseRequest(nextRequestId(), false, input, params, new CompletableFuture<>(),
                waitForReply ? new CompletableFuture<>() : null);
        Effects fx = new Effects();
        synchronized (lock) {
            if (state == State.CLOSED) {
                Throwable failure = new RealtimeSessionClosedException("Session " + key + " is closed");
                request.written.completeExceptionally(failure);
                if (request.result != null) {
                    request.result.completeExceptionally(failure);
                }
                return request;
            }
            requestsById.put(request.requestId, request);
            turns.add(request);
            if (request.result != null) {
                scheduleTimeoutLocked(request);
            }
            pumpLocked(fx);
        }
        fx.run();
        return request;
    }

    /** A response outside the conversation ({@code conversation: "none"}); several may run at once. */
    public CompletableFuture<ResponseResult> respondOutOfBand(ObjectNode responseParams) {
        ObjectNode params = responseParams == null ? JsonNodeFactory.instance.objectNode() : responseParams.deepCopy();
        params.put("conversation", "none");
        ResponseRequest request = new ResponseRequest(nextRequestId(), true, TurnInput.NONE, params,
                new CompletableFuture<>(), new CompletableFuture<>());
        Effects fx = new Effects();
        synchronized (lock) {
            if (state != State.OPEN) {
                failRequestLocked(request, new RealtimeSessionClosedException("Session " + key + " is not open"), fx);
            } else {
                requestsById.put(request.requestId, request);
                scheduleTimeoutLocked(request);
                sendCreateLocked(request, fx);
            }
        }
        fx.run();
        return request.result;
    }

    /**
     * Writes the input (audio appends and, without server VAD, a commit) and completes with the next
     * {@code conversation.item.input_audio_transcription.completed} event. Transcripts answer such requests in the
     * order the requests were made.
     */
    public CompletableFuture<RealtimeEvent> transcribe(TurnInput input) {
        CompletableFuture<RealtimeEvent> result = new CompletableFuture<>();
        CompletableFuture<?> previous;
        synchronized (lock) {
            if (state != State.OPEN) {
                result.completeExceptionally(new RealtimeSessionClosedException("Session " + key + " is not open"));
                return result;
            }
            // one transcription request at a time: their audio must not interleave in the buffer
            previous = transcriptionChain;
            transcriptionChain = result.handle((v, err) -> null);
        }
        var timeout = services.scheduler().schedule(() -> {
            synchronized (lock) {
                transcriptWaiters.remove(result);
            }
            result.completeExceptionally(new RealtimeResponseTimeoutException("No transcript within "
                    + options.responseTimeout().toMillis() + " ms on session " + key));
        }, options.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((v, err) -> timeout.cancel(false));
        previous.whenCompleteAsync((ignored, ignoredError) -> {
            if (result.isDone()) {
                return;
            }
            synchronized (lock) {
                transcriptWaiters.add(result);
            }
            CompletableFuture<Void> written;
            try {
                written = input.write(writer());
            } catch (RuntimeException e) {
                written = CompletableFuture.failedFuture(e);
            }
            written.whenComplete((v, err) -> {
                if (err != null) {
                    synchronized (lock) {
                        transcriptWaiters.remove(result);
                    }
                    result.completeExceptionally(unwrap(err));
                }
            });
        }, services.workers());
        return result;
    }

    private void pumpLocked(Effects fx) {
        if (state != State.OPEN || currentTurn != null || inBandActive) {
            return;
        }
        ResponseRequest next = turns.poll();
        if (next == null) {
            return;
        }
        currentTurn = next;
        fx.add(() -> services.workers().execute(() -> runTurn(next)));
    }

    private void runTurn(ResponseRequest turn) {
        CompletableFuture<Void> input;
        try {
            input = turn.input.write(new TurnWriter(this, turn, currentConnection()));
        } catch (RuntimeException e) {
            input = CompletableFuture.failedFuture(e);
        }
        input.whenComplete((v, err) -> {
            Effects fx = new Effects();
            synchronized (lock) {
                if (err != null) {
                    failRequestLocked(turn, unwrap(err), fx);
                    requestsById.remove(turn.requestId);
                    forgetEventsLocked(turn);
                    if (currentTurn == turn) {
                        currentTurn = null;
                        pumpLocked(fx);
                    }
                } else if (turn.adoptsServerResponse()) {
                    fx.add(() -> turn.written.complete(null));
                } else if (currentTurn == turn && state == State.OPEN) {
                    sendCreateLocked(turn, fx);
                }
            }
            fx.run();
        });
    }

    private void sendCreateLocked(ResponseRequest request, Effects fx) {
        ObjectNode response = request.responseParams.deepCopy();
        JsonNode existing = response.get("metadata");
        ObjectNode metadata = existing instanceof ObjectNode o ? o : response.putObject("metadata");
        metadata.put(ResponseRequest.METADATA_KEY, request.requestId);
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("type", EventTypes.RESPONSE_CREATE);
        fields.set("response", response);
        EncodedEvent encoded;
        try {
            encoded = encodeLocked(RealtimeEvent.of(EventTypes.RESPONSE_CREATE, fields));
        } catch (ProtocolException e) {
            failRequestLocked(request, e, fx);
            requestsById.remove(request.requestId);
            if (currentTurn == request) {
                currentTurn = null;
                pumpLocked(fx);
            }
            return;
        }
        request.createEventId = encoded.eventId();
        request.createSent = true;
        attributeLocked(request, encoded.eventId());
        if (!request.outOfBand) {
            inBandActive = true;
        }
        RealtimeConnection socket = connection;
        CompletableFuture<Void> noSocket = socket != null ? null : CompletableFuture.failedFuture(
                new RealtimeSessionClosedException("Session " + key + " has no open socket; response.create was not sent"));
        fx.add(() -> (noSocket != null ? noSocket : socket.send(encoded.json())).whenComplete((v, err) -> {
            if (err != null) {
                Effects failFx = new Effects();
                synchronized (lock) {
                    failRequestLocked(request, unwrap(err), failFx);
                }
                failFx.run();
            } else {
                request.written.complete(null);
            }
        }));
    }

    private void scheduleTimeoutLocked(ResponseRequest request) {
        long millis = options.responseTimeout().toMillis();
        request.timeout = services.scheduler().schedule(() -> onTimeout(request), millis, TimeUnit.MILLISECONDS);
    }

    /**
     * The exchange waited {@code responseTimeout} since it was submitted: it fails, a queued turn leaves the queue, and
     * a running one gives up the conversation (its response is cancelled if it exists) so the exchanges behind it are
     * not stuck. A late answer still binds to the abandoned request by its metadata, never to a neighbour.
     */
    private void onTimeout(ResponseRequest request) {
        Effects fx = new Effects();
        RealtimeEvent cancel = null;
        synchronized (lock) {
            if (!request.waiting()) {
                return;
            }
            failRequestLocked(request, new RealtimeResponseTimeoutException("No response.done within "
                    + options.responseTimeout().toMillis() + " ms for request " + request.requestId + " on session " + key
                    + (request.responseId == null ? " (no response was created)" : " (response " + request.responseId + ")")), fx);
            if (turns.remove(request)) {
                requestsById.remove(request.requestId);
            }
            ResponseRequest running = currentTurn;
            if (running != null && running.result == request.result) {
                if (running.responseId != null && aggregators.containsKey(running.responseId)) {
                    ObjectNode fields = JsonNodeFactory.instance.objectNode();
                    fields.put("type", EventTypes.RESPONSE_CANCEL);
                    fields.put("response_id", running.responseId);
                    cancel = RealtimeEvent.of(EventTypes.RESPONSE_CANCEL, fields);
                } else {
                    // nothing is running on the server for it (yet): the conversation is free again
                    inBandActive = false;
                }
                currentTurn = null;
                pumpLocked(fx);
            }
        }
        fx.run();
        if (cancel != null) {
            send(cancel).exceptionally(err -> null);
        }
    }

    private void finishRequestLocked(ResponseRequest request, ResponseResult result, Effects fx) {
        forgetEventsLocked(request);
        if (request.timeout != null) {
            request.timeout.cancel(false);
        }
        CompletableFuture<ResponseResult> target = request.result;
        if (target == null || !request.settled.compareAndSet(false, true)) {
            return;
        }
        if (result.completed()) {
            fx.add(() -> services.workers().execute(() -> target.complete(result)));
        } else {
            RealtimeResponseException failure = new RealtimeResponseException(result);
            fx.add(() -> services.workers().execute(() -> target.completeExceptionally(failure)));
        }
    }

    private void failRequestLocked(ResponseRequest request, Throwable failure, Effects fx) {
        // a failed exchange's events can fail nothing more: drop their ids (a long upload has thousands)
        forgetEventsLocked(request);
        if (request.timeout != null && !(failure instanceof RealtimeResponseTimeoutException)) {
            request.timeout.cancel(false);
        }
        CompletableFuture<Void> written = request.written;
        CompletableFuture<ResponseResult> result = request.settled.compareAndSet(false, true) ? request.result : null;
        fx.add(() -> services.workers().execute(() -> {
            written.completeExceptionally(failure);
            if (result != null) {
                result.completeExceptionally(failure);
            }
        }));
    }

    // ------------------------------------------------------------------ verbs

    /**
     * Barge-in: cancels the playing response when the server will not (no server VAD, or
     * {@code interruptResponse=false}), and truncates the item being played at {@code floor(min(played, generated))}.
     *
     * @param playedMs how much of the reply the caller played, or null to use the wall clock since its first delta
     * @return the truncation sent, if any
     */
    public CompletableFuture<Optional<InterruptionClock.Truncation>> interrupt(Long playedMs) {
        List<RealtimeEvent> events = new ArrayList<>(2);
        Optional<InterruptionClock.Truncation> truncation;
        synchronized (lock) {
            boolean serverCancels = options.serverTurnDetection() && options.interruptResponse();
            if (inBandActive && !serverCancels) {
                ObjectNode cancel = JsonNodeFactory.instance.objectNode();
                cancel.put("type", EventTypes.RESPONSE_CANCEL);
                if (activeInBandResponseId != null) {
                    cancel.put("response_id", activeInBandResponseId);
                }
                events.add(RealtimeEvent.of(EventTypes.RESPONSE_CANCEL, cancel));
            }
            truncation = clock.truncation(playedMs);
            truncation.ifPresent(t -> {
                ObjectNode fields = JsonNodeFactory.instance.objectNode();
                fields.put("type", EventTypes.CONVERSATION_ITEM_TRUNCATE);
                fields.put("item_id", t.itemId());
                fields.put("content_index", t.contentIndex());
                fields.put("audio_end_ms", t.audioEndMs());
                events.add(RealtimeEvent.of(EventTypes.CONVERSATION_ITEM_TRUNCATE, fields));
                clock.markTruncated(t.itemId());
            });
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>(events.size());
        for (RealtimeEvent e : events) {
            writes.add(send(e));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(v -> truncation);
    }

    /**
     * Answers a function call that had no tool route. When it is the last open call of its (finished) response, a
     * {@code response.create} follows in turn; otherwise the follow-up comes with the round's last answer. With
     * {@code waitForReply} the future carries the follow-up response either way; without, it completes (with null)
     * once this output is written.
     */
    public CompletableFuture<ResponseResult> answerToolCall(String callId, String output, boolean waitForReply) {
        RealtimeEvent event = functionCallOutput(callId, output);
        CompletableFuture<ResponseResult> waiter = waitForReply ? new CompletableFuture<>() : null;
        ToolCallLedger.Outcome outcome = answered(callId, waiter);
        if (outcome.answer() == ToolCallLedger.Answer.WAITING) {
            // other calls of the round are still open: the follow-up comes with the last answer
            CompletableFuture<Void> written = send(event);
            if (waiter == null) {
                return written.thenApply(v -> null);
            }
            var timer = services.scheduler().schedule(() -> waiter.completeExceptionally(new RealtimeResponseTimeoutException(
                    "No follow-up response within " + options.responseTimeout().toMillis() + " ms after the output of call "
                    + callId + " on session " + key + " (other calls of its round are still unanswered)")),
                    options.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            waiter.whenComplete((r, err) -> timer.cancel(false));
            written.whenComplete((v, err) -> {
                if (err != null) {
                    waiter.completeExceptionally(unwrap(err));
                }
            });
            return waiter;
        }
        TurnInput input = writer -> writer.send(event);
        CompletableFuture<ResponseResult> reply = followUp(input, outcome.followUpWaiters(), waitForReply);
        return waitForReply ? reply : reply.thenApply(v -> null);
    }

    // ------------------------------------------------------------------ helpers

    /** The exception inside the wrappers futures add ({@code CompletionException}, {@code ExecutionException}). */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Work decided under the lock and done after it is released (completions, submissions). */
    private static final class Effects {
        private List<Runnable> actions;

        void add(Runnable r) {
            if (actions == null) {
                actions = new ArrayList<>(2);
            }
            actions.add(r);
        }

        void run() {
            if (actions != null) {
                for (Runnable r : actions) {
                    r.run();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RealtimeSession[" + key + ", " + stateName() + ", dialect=" + dialect() + "]";
    }
}
