package io.github.camelrealtime.fastrouter.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.protocol.SessionSettings;
import io.github.camelrealtime.fastrouter.protocol.SessionUpdateEncoder;
import io.github.camelrealtime.fastrouter.transport.RealtimeConnection;
import io.github.camelrealtime.fastrouter.transport.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live conversation with the Realtime server, as the Camel face sees it: verbs in (respond, transcribe, write,
 * interrupt, update, close), outcomes out. It owns the lock and the state; the {@link Conversation} decides (turns,
 * correlation, deadlines), the {@link SessionConnector} keeps the socket and reports to {@link SessionSocketEvents}
 * (which applies what it hears to this state), {@link SessionOutput} writes, {@link EventDelivery} feeds the
 * listeners, {@link ToolRounds} answers calls through routes. Rule: decide under the lock, act outside it; every
 * decision comes back as {@link Action}s that {@link #run} carries out after the lock is released.
 */
public final class RealtimeSession {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeSession.class);
    /** No recycle within this long of the caller's last speech (and, without server VAD, of appended audio). */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    enum State { NEW, CONNECTING, OPEN, RECONNECTING, CLOSED }

    final SessionKey key;
    final SessionOptions options;
    final SessionServices services;
    private final Consumer<RealtimeSession> onTerminated;
    final EventIds ids;
    final SessionOutput output;
    final SessionUsage usage = new SessionUsage();
    /** The credentials this session sends, masked out of every server text. */
    private final List<String> secrets;
    private final SessionConnector connector;
    final EventDelivery delivery;
    private final ToolRounds toolRounds;
    private final ActionRunner runner;
    /** History replay and guardrail (voice-agent features). */
    final AgentSupport agents;
    /** The settings sent on every new socket: the endpoint's, with the updates applied mid-call laid over them. */
    volatile SessionSettings settings;
    /** The current socket has produced assistant audio (the API then refuses a voice change). */
    volatile boolean audioProduced;

    final Object lock = new Object();
    // guarded by lock; package-private for SessionSocketEvents, which works on them under the same lock
    State state = State.NEW;
    SessionConnector.Link link;
    CompletableFuture<Void> ready = new CompletableFuture<>();
    String lastProblem;
    String serverSessionId;
    String settingsEventId;
    ScheduledFuture<?> settingsWait;
    boolean recycleDeferredSaid;
    boolean everOpened;
    final Conversation conversation;

    /**
     * @param tools       answers function calls through routes; null: none
     * @param mcpApprover answers MCP approval requests; null leaves them to the application (consumer and producer)
     */
    public RealtimeSession(SessionKey key, SessionOptions options, SessionServices services, ToolInvoker tools,
                           McpApprover mcpApprover, AgentFeatures features, Consumer<RealtimeSession> onTerminated) {
        this.key = key;
        this.options = options;
        this.services = services;
        this.onTerminated = onTerminated;
        this.ids = new EventIds(services.codec());
        this.output = new SessionOutput(key, ids, this::dialect, this::stateName);
        Map<String, String> credentials = new LinkedHashMap<>(options.extraHeaders());
        if (options.apiKey() != null && !options.apiKey().isBlank()) {
            credentials.put("Authorization", "Bearer " + options.apiKey());
        }
        this.secrets = Secrets.secretValues(credentials);
        this.delivery = new EventDelivery(this, services);
        this.toolRounds = new ToolRounds(this, tools == null ? ToolInvoker.NONE : tools, services.scheduler());
        McpApprovals approvals = mcpApprover == null ? null : new McpApprovals(this, mcpApprover);
        this.runner = new ActionRunner(this, services, toolRounds, approvals);
        this.agents = new AgentSupport(this, features == null ? AgentFeatures.NONE : features, services.workers());
        output.record(agents.recorder());
        this.settings = options.settings();
        this.conversation = new Conversation(key.toString(), options.outputFormat(), toolRounds::hasRoute,
                delivery::responseAudioWanted, toolRounds::outputsOf, approvals == null ? null : approvals::answersTo,
                ids::nextEventId, this::redact, System::nanoTime, options.responseTimeout().toNanos());
        this.connector = new SessionConnector(key, options, services, secrets, new SessionSocketEvents(this));
    }

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
        return connector.dialect();
    }

    /** The server's session id ({@code sess_…}), once {@code session.created} arrived. */
    public String serverSessionId() {
        synchronized (lock) {
            return serverSessionId;
        }
    }

    /** The session in force as the server last reported it. */
    public EffectiveSession effectiveSession() {
        synchronized (lock) {
            return conversation.effective();
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

    public SessionUsage usage() {
        return usage;
    }

    /** Exchanges waiting for their turn, the one whose turn it is, and out-of-band ones running. */
    public int pendingTurns() {
        synchronized (lock) {
            return conversation.pendingTurns();
        }
    }

    public int pendingSends() {
        RealtimeConnection conn = connector.openConnection();
        return conn == null ? 0 : conn.pendingSends();
    }

    /** Whether this keyed session has been idle (nothing sent or received, no exchange waiting) past its timeout. */
    public boolean idleExpired(long nowNanos) {
        Duration idle = options.sessionIdleTimeout();
        return key.keyed() && idle != null && nowNanos - output.lastActivityNanos() > idle.toNanos() && pendingTurns() == 0
               && pendingSends() == 0;
    }

    /**
     * Recycles the socket once it has lived {@code maxSessionDuration} and the conversation is quiet: no exchange, no
     * response running, the caller not speaking, no audio of an unfinished turn in the server's buffer. Exchanges that
     * arrive meanwhile wait for the fresh socket. Returns whether it started a recycle.
     */
    public boolean recycleIfDue(long nowNanos) {
        Duration max = options.maxSessionDuration();
        if (max == null || connector.openSocketAge(nowNanos) < max.toNanos()) {
            return false;
        }
        boolean quiet;
        List<Action> out = new ArrayList<>();
        synchronized (lock) {
            quiet = state == State.OPEN && output.streams() == 0 && conversation.quiet(output.lastAppendNanos(), QUIET_NANOS)
                    && pendingSends() == 0;
            if (quiet) {
                state = State.RECONNECTING;
                output.use(null);
                ready = new CompletableFuture<>();
                conversation.lost(new RealtimeSessionClosedException("Session " + key + " is recycling its socket"), false, out);
            } else if (!recycleDeferredSaid) {
                recycleDeferredSaid = true;
                LOG.info("Session {} is due for recycling (maxSessionDuration {}) and waits for a quiet moment; if none comes "
                         + "before the server's own cap, the server ends the session and what is in flight then fails", key, max);
            }
        }
        run(out);
        if (quiet) {
            LOG.info("Session {} recycles its socket after {} (maxSessionDuration)", key, max);
            connector.recycle();
        }
        return quiet;
    }

    // ------------------------------------------------------------------ connecting

    /** Starts connecting if nobody did yet; completes when the session is open and configured. */
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
            String saved = agents.loadHistory();
            if (saved != null) {
                synchronized (lock) {
                    agents.restoreLocked(saved);
                }
            }
            connector.start();
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
        ScheduledFuture<?> timer = services.scheduler().schedule(() -> bounded.completeExceptionally(new RealtimeSessionClosedException(
                "Session " + key + " did not open within " + max.toMillis() + " ms (state " + stateName()
                + (lastProblem() == null ? "" : "; last problem: " + lastProblem()) + ")")), max.toMillis(), TimeUnit.MILLISECONDS);
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

    void cancelSettingsWaitLocked() {
        assert Thread.holdsLock(lock);
        if (settingsWait != null) {
            settingsWait.cancel(false);
            settingsWait = null;
        }
    }

    /** Closes the session for good: no reconnect, pending exchanges fail, the registry forgets it. */
    public CompletableFuture<Void> close() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return CompletableFuture.completedFuture(null);
            }
        }
        CompletableFuture<Void> closed = connector.close();
        terminate(new RealtimeSessionClosedException("Session " + key + " was closed"), true);
        return closed;
    }

    void terminate(Throwable cause) {
        terminate(cause, false);
    }

    private void terminate(Throwable cause, boolean requested) {
        List<Action> out = new ArrayList<>();
        Runnable readyFailure;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            // a session closed on purpose has no problem to report (health checks read it)
            lastProblem = requested ? null : cause.getMessage();
            state = State.CLOSED;
            link = null;
            output.use(null);
            cancelSettingsWaitLocked();
            Throwable failure = cause instanceof RealtimeException || cause instanceof java.io.IOException
                    ? cause : new RealtimeSessionClosedException("Session " + key + " closed: " + cause.getMessage(), cause);
            CompletableFuture<Void> r = ready;
            if (r.isDone()) {
                ready = CompletableFuture.failedFuture(failure);
            }
            conversation.lost(failure, true, out);
            readyFailure = r.isDone() ? null : () -> r.completeExceptionally(failure);
        }
        connector.close();
        agents.socketLost();
        // forgotten before anyone hears of the failure, so the next exchange gets a fresh session
        onTerminated.accept(this);
        if (readyFailure != null) {
            readyFailure.run();
        }
        run(out);
        agents.closed();
        emit(LifecycleEvents.CLOSED, cause.getMessage());
    }

    // ------------------------------------------------------------------ sending

    /** Gives the event an {@code event_id} (if it has none) and encodes it for the session's dialect. */
    public EncodedEvent encode(RealtimeEvent event) throws ProtocolException {
        return output.encode(event);
    }

    /** A writer whose events belong to no exchange (InOnly sends), bound to the current socket. */
    public TurnWriter writer() {
        return new TurnWriter(this, null, output.socket());
    }

    /** An InOnly audio stream written with {@link #writer()}: while it runs the socket (it is bound to) is not recycled. */
    public <T> CompletableFuture<T> streaming(CompletableFuture<T> stream) {
        return output.streaming(stream);
    }

    void attribute(Turn turn, String eventId) {
        synchronized (lock) {
            conversation.attribute(turn, eventId);
        }
    }

    /** Queues an encoded event on the socket; completes when it was written. */
    public CompletableFuture<Void> write(EncodedEvent event) {
        return output.write(event, null);
    }

    /** Like {@link #write(EncodedEvent)}, but only on {@code expectedSocket} when given (see {@link TurnWriter}). */
    CompletableFuture<Void> write(EncodedEvent event, RealtimeConnection expectedSocket) {
        return output.write(event, expectedSocket);
    }

    /** Encodes and writes one event. */
    public CompletableFuture<Void> send(RealtimeEvent event) {
        return output.send(event);
    }

    // ------------------------------------------------------------------ exchanges

    /** An in-conversation response to this exchange's input: waits its turn, writes the input, then asks. */
    public CompletableFuture<ResponseResult> respond(TurnInput input, ObjectNode responseParams) {
        return agents.guarded(submit(Turn.Kind.RESPOND, input, responseParams, true).outcome.reply.thenApply(ResponseResult.class::cast));
    }

    /** Like {@link #respond} for InOnly exchanges: completes once the input and {@code response.create} are written. */
    public CompletableFuture<Void> respondInOnly(TurnInput input, ObjectNode responseParams) {
        return submit(Turn.Kind.RESPOND, input, responseParams, false).outcome.written;
    }

    /**
     * Writes the audio in turn; it is committed by the server's VAD when the server reports VAD on (by the client when
     * VAD is off, or when the server does not commit it within {@link EffectiveSession#commitBoundMillis()}), and answered.
     */
    public CompletableFuture<ResponseResult> respondToAudio(TurnInput upload) {
        return agents.guarded(submit(Turn.Kind.AUDIO, upload, null, true).outcome.reply.thenApply(ResponseResult.class::cast));
    }

    /**
     * {@link #respondToAudio(TurnInput)} with {@code response.create} parameters, used when the component asks for the
     * response (the server's VAD with {@code create_response} asks by itself, without them).
     */
    public CompletableFuture<ResponseResult> respondToAudio(TurnInput upload, ObjectNode responseParams) {
        return agents.guarded(submit(Turn.Kind.AUDIO, upload, responseParams, true).outcome.reply.thenApply(ResponseResult.class::cast));
    }

    /**
     * Writes the audio to a transcription session in turn, commits it as the server's session requires, and completes
     * with the transcript of the items committed from it ({@code …input_audio_transcription.completed}; several items'
     * transcripts joined by a space).
     */
    public CompletableFuture<RealtimeEvent> transcribe(TurnInput upload) {
        return submit(Turn.Kind.TRANSCRIBE, upload, null, true).outcome.reply.thenApply(RealtimeEvent.class::cast);
    }

    /** Commits what was streamed into a transcription session and completes with its transcript. */
    public CompletableFuture<RealtimeEvent> commitAndTranscribe() {
        return submit(Turn.Kind.TRANSCRIBE, TurnInput.NONE, null, true, true).outcome.reply.thenApply(RealtimeEvent.class::cast);
    }

    /** A response outside the conversation ({@code conversation: "none"}); several may run at once. */
    public CompletableFuture<ResponseResult> respondOutOfBand(ObjectNode responseParams) {
        ObjectNode params = responseParams == null ? JsonNodeFactory.instance.objectNode() : responseParams.deepCopy();
        params.put("conversation", "none");
        return submit(Turn.Kind.OUT_OF_BAND, TurnInput.NONE, params, true).outcome.reply.thenApply(ResponseResult.class::cast);
    }

    private Turn submit(Turn.Kind kind, TurnInput input, ObjectNode params, boolean replyWanted) {
        return submit(kind, input, params, replyWanted, false);
    }

    private Turn submit(Turn.Kind kind, TurnInput input, ObjectNode params, boolean replyWanted, boolean commitAtOnce) {
        Turn turn = new Turn(ids.nextRequestId(), kind, input, params, new Turn.Outcome(replyWanted),
                System.nanoTime() + options.responseTimeout().toNanos(), 0);
        turn.commitAtOnce = commitAtOnce;
        List<Action> out = new ArrayList<>();
        synchronized (lock) {
            if (state == State.CLOSED || (kind == Turn.Kind.OUT_OF_BAND && state != State.OPEN)) {
                turn.outcome.settled = true;
                out.add(new Action.Fail(turn.outcome, new RealtimeSessionClosedException("Session " + key + " is "
                                                                                        + (state == State.CLOSED ? "closed" : "not open"))));
            } else {
                conversation.submit(turn, out);
            }
        }
        run(out);
        runner.watchDeadline(turn);
        return turn;
    }

    /**
     * Barge-in: cancels the playing response when the server will not (no server VAD, or {@code interrupt_response}
     * off, as the server reports), and truncates the item being played at {@code floor(min(played, generated))}.
     *
     * @param playedMs how much of the reply the caller played, or null to use the wall clock since its first delta
     */
    public CompletableFuture<Void> interrupt(Long playedMs) {
        List<RealtimeEvent> events;
        synchronized (lock) {
            events = conversation.interrupt(playedMs);
        }
        return CompletableFuture.allOf(events.stream().map(this::send).toArray(CompletableFuture[]::new));
    }

    /**
     * Stops a response a guardrail tripped on: cancels it if it still runs, truncates its item at what was played
     * (wall clock since its first delta, at most what was generated). Returns the truncation point, or null.
     */
    Long stopResponse(String responseId, String itemId) {
        List<RealtimeEvent> events;
        synchronized (lock) {
            events = conversation.stopResponse(responseId, itemId);
        }
        events.forEach(this::send);
        return events.stream().filter(e -> EventTypes.CONVERSATION_ITEM_TRUNCATE.equals(e.type()))
                .map(e -> e.fields().path("audio_end_ms").asLong()).findFirst().orElse(null);
    }

    /** A component event (such as {@code guardrail.tripped}) to the consumers, in order with the server's. */
    void emitEvent(RealtimeEvent event) {
        delivery.deliver(event, null, null);
    }

    /**
     * Applies new session settings at the next turn boundary (a handoff): queued like a turn, written as the dialect's
     * {@code session.update} once no response runs, answered by {@code session.updated}. The settings then hold for
     * every later socket of the session too. With {@code waitForServer} the future completes when the server applied
     * them; without, once they are queued.
     *
     * @throws IllegalArgumentException for a setting the API does not let a live session change
     */
    public CompletableFuture<Void> update(SessionSettings update, boolean waitForServer) {
        if (update.voice() != null && audioProduced) {
            throw new IllegalArgumentException("The voice cannot change once the session has answered with audio (the API refuses it); "
                                               + "set the specialist's voice on the endpoint, or change it before the first spoken answer");
        }
        // every dialect this session may speak must take it: fail now, not on the wire
        SessionUpdateEncoder.sessionUpdate(update, connector.dialect());
        TurnInput input = w -> w.send(SessionUpdateEncoder.sessionUpdate(update, dialect()));
        Turn turn = submit(Turn.Kind.UPDATE, input, null, true);
        CompletableFuture<Void> applied = turn.outcome.reply.thenAccept(v -> settings = SettingsOverlay.apply(settings, update));
        if (waitForServer) {
            return applied;
        }
        applied.whenComplete((v, err) -> {
            if (err != null) {
                LOG.warn("Session {}: the session update was not applied: {}", key, unwrap(err).getMessage());
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Answers a function call that had no tool route; see {@link ToolRounds#answerCall}. With {@code waitForReply} the
     * future carries the follow-up response; without, it completes (with null) once this output is written.
     */
    public CompletableFuture<ResponseResult> answerToolCall(String callId, String output, boolean waitForReply) {
        return toolRounds.answerCall(callId, output, waitForReply);
    }

    ActionRunner runner() {
        return runner;
    }

    SessionMetrics metrics() {
        return services.metrics();
    }

    // ------------------------------------------------------------------ carrying out decisions

    /** Lets the conversation decide under the lock, then carries the decision out without it. */
    void decide(java.util.function.BiConsumer<Conversation, List<Action>> decision) {
        List<Action> out = new ArrayList<>();
        synchronized (lock) {
            decision.accept(conversation, out);
        }
        run(out);
    }

    void run(List<Action> out) {
        runner.run(out);
    }

    TurnWriter writerFor(Turn turn) {
        return new TurnWriter(this, turn, output.socket());
    }

    ToolCallLedger.Outcome toolAnswered(String callId, CompletableFuture<ResponseResult> waiter) {
        synchronized (lock) {
            return conversation.toolAnswered(callId, waiter);
        }
    }

    void emit(String type, String reason) {
        String sessionId;
        synchronized (lock) {
            sessionId = serverSessionId;
        }
        delivery.deliver(LifecycleEvents.create(type, sessionId, dialect().wireName(), null, reason), null, null);
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

    @Override
    public String toString() {
        return "RealtimeSession[" + key + ", " + stateName() + ", dialect=" + dialect() + "]";
    }
}
