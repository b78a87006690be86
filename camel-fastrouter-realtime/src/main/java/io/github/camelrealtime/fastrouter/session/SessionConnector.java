package io.github.camelrealtime.fastrouter.session;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.transport.CloseStatus;
import io.github.camelrealtime.fastrouter.transport.ConnectionSettings;
import io.github.camelrealtime.fastrouter.transport.RealtimeConnection;
import io.github.camelrealtime.fastrouter.transport.RealtimeHandshakeException;
import io.github.camelrealtime.fastrouter.transport.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one session's socket: connects, switches to GA when the server refuses the beta shape, waits (bounded) for
 * {@code session.created}, reconnects after losses with jittered backoff that honours {@code Retry-After}, recycles
 * on request, and gives up on what retrying cannot fix (credentials, TLS, URI). Never blocks a thread: each attempt
 * is an asynchronous upgrade plus a deadline, and waits between attempts are timers. Reports up through
 * {@link Events}, never holding its lock while doing so.
 */
final class SessionConnector {

    private static final Logger LOG = LoggerFactory.getLogger(SessionConnector.class);
    /** Messages the socket may hand over before the session gave credit back for them. */
    static final int RECEIVE_WINDOW = 64;
    /** Credit is given back in batches of this many messages (a quarter of the window: it never runs dry). */
    private static final int CREDIT_BATCH = 16;

    /** What the session hears from its connector. Called on socket and timer threads, never under a lock. */
    interface Events {
        /** {@code session.created} arrived on a new socket. */
        void opened(Link link, RealtimeEvent sessionCreated);

        /** Any other server event of the socket being opened or open. Call {@link Link#credit()} once it is handled. */
        void event(Link link, RealtimeEvent event);

        /** The socket was lost or could not be opened, and another attempt follows; said once per outage. */
        void reconnecting(String why, Throwable cause);

        /** The connector gave up for good (not retryable, attempts used up): the session ends. */
        void failed(Throwable cause);
    }

    /** The connector's states; transitions are guarded by its lock. */
    enum State {
        /** Not started. */
        IDLE,
        /** An attempt is under way: the upgrade, then {@code session.created}, both within the attempt's deadline. */
        CONNECTING,
        /** {@code session.created} arrived on the current socket. */
        OPEN,
        /** Waiting out the backoff delay before the next attempt. */
        WAITING,
        /** Closed for good; nothing more happens. */
        CLOSED
    }

    private final String name;
    /** The session name without its key: the only label metrics get. */
    private final String metricName;
    private final SessionOptions options;
    private final SessionServices services;
    private final List<String> secrets;
    private final Events events;

    // guarded by this
    private State state = State.IDLE;
    private Link current;
    private Link recycling;
    private boolean outage;
    private ScheduledFuture<?> nextAttempt;
    private final ReconnectBackoff backoff;

    SessionConnector(SessionKey key, SessionOptions options, SessionServices services, List<String> secrets, Events events) {
        this.name = key.toString();
        this.metricName = key.name();
        this.options = options;
        this.services = services;
        this.secrets = secrets;
        this.events = events;
        this.backoff = new ReconnectBackoff(options.reconnectInitialDelay(), options.reconnectMaxDelay(),
                options.reconnectMaxAttempts(), options.reconnectMaxDelay(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The socket of the open session, or null. */
    synchronized RealtimeConnection openConnection() {
        return state == State.OPEN && current != null ? current.connection : null;
    }

    /** The dialect of the current socket, or the one the next attempt will use. */
    synchronized Dialect dialect() {
        return current != null ? current.dialect : options.dialect().connectWith();
    }

    /** How long the open socket has lived, in nanoseconds; 0 when none is open. */
    synchronized long openSocketAge(long nowNanos) {
        return state == State.OPEN && current != null ? nowNanos - current.openedAtNanos : 0;
    }

    void start() {
        synchronized (this) {
            if (state != State.IDLE) {
                return;
            }
        }
        attempt();
    }

    /** Closes the socket for good: gracefully when open, at once while still opening. */
    CompletableFuture<Void> close() {
        Link link;
        synchronized (this) {
            if (state == State.CLOSED) {
                return CompletableFuture.completedFuture(null);
            }
            state = State.CLOSED;
            link = current;
            if (nextAttempt != null) {
                nextAttempt.cancel(false);
            }
        }
        if (link == null) {
            return CompletableFuture.completedFuture(null);
        }
        link.cancelDeadline();
        RealtimeConnection conn = link.connection;
        if (conn == null) {
            // an upgrade still under way: its socket is aborted when it completes, whoever completes it
            CompletableFuture<RealtimeConnection> opening = link.opening;
            if (opening != null) {
                opening.cancel(false);
            }
            return CompletableFuture.completedFuture(null);
        }
        if (link.created) {
            return conn.close(1000, "closed by client").exceptionally(err -> null);
        }
        conn.abort();
        return CompletableFuture.completedFuture(null);
    }

    /** Closes the open socket (1000) and opens a fresh one at once. False when no socket is open. */
    boolean recycle() {
        RealtimeConnection conn;
        synchronized (this) {
            if (state != State.OPEN || current == null || current.connection == null) {
                return false;
            }
            recycling = current;
            conn = current.connection;
        }
        conn.close(1000, "recycling before the session's maximum duration").exceptionally(err -> null);
        return true;
    }

    // ------------------------------------------------------------------ attempts

    private ConnectionSettings settings(Dialect d) {
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

    private void attempt() {
        Link link;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CONNECTING;
            nextAttempt = null;
            link = new Link(options.dialect().connectWith());
            current = link;
        }
        long deadline = options.connectTimeout().toMillis() * 2;
        link.deadline = services.scheduler().schedule(() -> attemptFailed(link, new HttpTimeoutException(
                "the server at " + options.uri().getHost() + " did not open a session within " + deadline + " ms"
                + (link.connection == null ? " (no upgrade)" : " (upgraded, but no session.created)"))), deadline, TimeUnit.MILLISECONDS);
        CompletableFuture<RealtimeConnection> opening;
        try {
            opening = RealtimeConnection.open(services.httpClient(), settings(link.dialect), link);
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        link.opening = opening;
        opening.whenComplete((conn, err) -> {
            if (err != null) {
                Throwable cause = RealtimeSession.unwrap(err);
                attemptFailed(link, cause instanceof RealtimeHandshakeException || cause instanceof IllegalArgumentException
                        ? cause : new RealtimeConnectException(options.uri(), cause));
                return;
            }
            boolean stale;
            synchronized (this) {
                stale = current != link || state == State.CLOSED || link.failed;
                if (!stale) {
                    link.connection = conn;
                }
            }
            if (stale) {
                conn.abort();
            } else {
                conn.request(RECEIVE_WINDOW);
            }
        });
    }

    /** The attempt failed before {@code session.created}: try again later, or give up. */
    private void attemptFailed(Link link, Throwable cause) {
        RealtimeConnection conn;
        synchronized (this) {
            if (current != link || state == State.CLOSED || link.failed || link.created) {
                return;
            }
            link.failed = true;
            conn = link.connection;
        }
        link.cancelDeadline();
        if (link.opening != null) {
            link.opening.cancel(false);
        }
        if (conn != null) {
            conn.abort();
        }
        services.metrics().connectionFailed(metricName, causeLabel(cause));
        if (!(options.reconnect() && retryable(cause))) {
            giveUp(cause);
            return;
        }
        Duration retryAfter = cause instanceof RealtimeHandshakeException h ? h.retryAfter() : null;
        retryLater(cause.getMessage(), cause, retryAfter);
    }

    private void retryLater(String why, Throwable cause, Duration retryAfter) {
        long delay;
        boolean announce;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            delay = backoff.nextDelayMillis(retryAfter);
            if (delay >= 0) {
                state = State.WAITING;
            }
            announce = delay >= 0 && !outage;
            outage = true;
        }
        if (delay < 0) {
            giveUp(new RealtimeSessionClosedException("Session " + name + " could not reconnect after "
                                                      + options.reconnectMaxAttempts() + " attempts: " + why, cause));
            return;
        }
        // told before the next attempt can start: a socket that opens quickly must not be taken for the lost one
        if (announce) {
            events.reconnecting(why, cause);
        }
        LOG.info("Session {}: {}; next attempt in {} ms", name, why, delay);
        synchronized (this) {
            if (state == State.WAITING) {
                nextAttempt = services.scheduler().schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void giveUp(Throwable cause) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        events.failed(cause);
    }

    private void opened(Link link, RealtimeEvent sessionCreated) {
        synchronized (this) {
            if (current != link || state == State.CLOSED || link.failed) {
                return;
            }
            state = State.OPEN;
            link.created = true;
            link.openedAtNanos = System.nanoTime();
            outage = false;
        }
        link.cancelDeadline();
        events.opened(link, sessionCreated);
    }

    private void lost(Link link, CloseStatus status) {
        boolean recycled;
        String why = "closed " + status.code() + (status.reason() == null || status.reason().isEmpty() ? "" : " " + status.reason())
                     + (status.cause() == null ? "" : ": " + Secrets.redact(status.cause().getMessage(), secrets));
        synchronized (this) {
            if (current != link || state == State.CLOSED) {
                return;
            }
            recycled = recycling == link;
            recycling = null;
            backoff.connectionEnded(System.nanoTime() - link.openedAtNanos);
            if (recycled) {
                state = State.CONNECTING;
            }
        }
        if (!recycled) {
            services.metrics().connectionFailed(metricName, "close_" + status.code());
        }
        if (recycled) {
            LOG.info("Session {} recycled its socket; opening a fresh one", name);
            events.reconnecting("recycled after maxSessionDuration", null);
            attempt();
        } else if (options.reconnect() && (status.retryable() || link.expired)) {
            LOG.warn("Session {} {}; reconnecting", name, why);
            retryLater(why, status.cause(), null);
        } else {
            if (status.cause() != null) {
                LOG.error("Session {} {}", name, why);
            } else {
                LOG.info("Session {} {}", name, why);
            }
            giveUp(new RealtimeSessionClosedException("Session " + name + " " + why, status.cause()));
        }
    }

    /** Whether another attempt can help: not for credentials, refused requests, TLS trust or a bad URI. */
    static boolean retryable(Throwable cause) {
        if (cause instanceof RealtimeHandshakeException h) {
            return h.retryable();
        }
        if (cause instanceof SocketClosedBeforeOpen c) {
            return c.status.retryable();
        }
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            // an untrusted certificate (PKIX, expired, wrong host) or a bad URI; a handshake the network cut is retried
            if (c instanceof GeneralSecurityException || c instanceof IllegalArgumentException) {
                return false;
            }
        }
        return cause instanceof IOException;
    }

    /** A short, bounded label of why an attempt failed, for metrics. */
    static String causeLabel(Throwable cause) {
        if (cause instanceof RealtimeHandshakeException h) {
            return "http_" + h.statusCode();
        }
        if (cause instanceof SocketClosedBeforeOpen c) {
            return "close_" + c.status.code();
        }
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (c instanceof GeneralSecurityException || c instanceof javax.net.ssl.SSLException) {
                return "tls";
            }
        }
        return cause instanceof IOException ? "io" : "other";
    }

    /** The server closed the socket before {@code session.created}. */
    static final class SocketClosedBeforeOpen extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient CloseStatus status;

        SocketClosedBeforeOpen(CloseStatus status, String serverError) {
            super("The server closed the connection before the session opened: " + status.code()
                  + (status.reason() == null || status.reason().isEmpty() ? "" : " " + status.reason())
                  + (serverError == null ? "" : " (" + serverError + ")"), status.cause());
            this.status = status;
        }
    }

    // ------------------------------------------------------------------ one attempt's socket

    /** One connection attempt and, once it opened, its socket. Callbacks come from the socket's threads. */
    final class Link implements RealtimeConnection.Listener {
        final Dialect dialect;
        /** Set once the upgrade succeeded (guarded by the connector's lock when written). */
        volatile RealtimeConnection connection;
        volatile boolean created;
        volatile long openedAtNanos;
        // written under the connector's lock
        boolean failed;
        volatile CompletableFuture<RealtimeConnection> opening;
        volatile ScheduledFuture<?> deadline;
        private final AtomicInteger credits = new AtomicInteger();
        private volatile boolean betaRefused;
        private volatile boolean expired;
        private volatile String lastError;

        private Link(Dialect dialect) {
            this.dialect = dialect;
        }

        void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }

        /** One message handled: demand goes back to the socket in batches (each request(n) costs a scheduling). */
        void credit() {
            if (credits.incrementAndGet() >= CREDIT_BATCH) {
                int n = credits.getAndSet(0);
                RealtimeConnection conn = connection;
                if (conn != null && n > 0) {
                    conn.request(n);
                }
            }
        }

        @Override
        public void onMessage(RealtimeConnection conn, CharSequence message) {
            RealtimeEvent event;
            try {
                event = services.codec().decodeServer(message, dialect);
            } catch (ProtocolException e) {
                LOG.warn("Session {} skipped a server message it cannot read: {}", name, e.getMessage());
                credit();
                return;
            }
            ServerTexts.redact(event, secrets);
            if (EventTypes.ERROR.equals(event.type())) {
                String code = event.errorCode();
                lastError = event.errorMessage();
                if ("session_expired".equals(code)) {
                    // beta announces expiry with this error and then closes 1000: that close is worth a reconnect
                    expired = true;
                }
                if ("beta_api_shape_disabled".equals(code) && dialect == Dialect.BETA && options.dialect().auto() && !created) {
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
            if (!created && EventTypes.SESSION_CREATED.equals(event.type())) {
                opened(this, event);
                return;
            }
            events.event(this, event);
        }

        @Override
        public void onClosed(RealtimeConnection conn, CloseStatus status) {
            CloseStatus redacted = new CloseStatus(status.code(), Secrets.redact(status.reason(), secrets), status.cause());
            if (created) {
                lost(this, redacted);
                return;
            }
            boolean switchDialect = betaRefused || (dialect == Dialect.BETA && options.dialect().auto() && status.code() == 4000
                                                    && status.reason() != null && status.reason().contains("beta_api_shape_disabled"));
            if (switchDialect) {
                if (!betaRefused && options.dialect().learnGa()) {
                    LOG.warn("The server refused the beta Realtime shape (close 4000); switching to the GA dialect");
                }
                boolean again;
                synchronized (SessionConnector.this) {
                    again = current == this && state != State.CLOSED && !failed;
                    failed = true;
                }
                cancelDeadline();
                if (again) {
                    attempt();
                }
                return;
            }
            attemptFailed(this, new SocketClosedBeforeOpen(redacted, lastError));
        }
    }
}
