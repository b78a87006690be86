package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.ProtocolException;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.protocol.SessionUpdateEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link SessionConnector} reports, applied to the {@link RealtimeSession}: a new socket's
 * {@code session.created} (the settings go out, the session is ready once the server answered them), every server
 * event (into the conversation, then to the listeners, with the socket's credit), a lost socket and the end. It works
 * on the session's state under the session's lock, and calls nothing outside while holding it.
 */
final class SessionSocketEvents implements SessionConnector.Events {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeSession.class);

    private final RealtimeSession s;

    SessionSocketEvents(RealtimeSession session) {
        this.s = session;
    }

    @Override
    public void opened(SessionConnector.Link socket, RealtimeEvent sessionCreated) {
        s.output.heard();
        List<Action> out = new ArrayList<>();
        List<Runnable> fx = new ArrayList<>();
        EncodedEvent update = null;
        synchronized (s.lock) {
            if (s.state == RealtimeSession.State.CLOSED) {
                return;
            }
            s.link = socket;
            s.serverSessionId = sessionCreated.fields().path("session").path("id").asText(null);
            s.recycleDeferredSaid = false;
            s.audioProduced = false;
            s.conversation.onEvent(sessionCreated, out);
            try {
                update = s.ids.encode(SessionUpdateEncoder.sessionUpdate(s.settings, socket.dialect), socket.dialect);
                s.settingsEventId = update.eventId();
                long wait = s.options.connectTimeout().toMillis();
                s.cancelSettingsWaitLocked();
                s.settingsWait = s.services.scheduler().schedule(() -> settingsAnswered(socket, "no session.updated within " + wait + " ms"),
                        wait, TimeUnit.MILLISECONDS);
            } catch (ProtocolException | RuntimeException e) {
                LOG.error("Session {} could not encode its settings: {}", s.key, e.getMessage());
                configuredLocked(out, fx);
            }
        }
        if (update != null) {
            EncodedEvent sent = update;
            socket.connection.send(sent.json()).exceptionally(err -> {
                LOG.warn("Session {} could not send its settings: {}", s.key, err.getMessage());
                return null;
            });
        }
        s.run(out);
        fx.forEach(Runnable::run);
        s.delivery.deliver(sessionCreated, null, socket::credit);
    }

    /** The server answered (or did not answer in time) the settings: the session is ready for exchanges. */
    private void settingsAnswered(SessionConnector.Link socket, String problem) {
        List<Action> out = new ArrayList<>();
        List<Runnable> fx = new ArrayList<>();
        synchronized (s.lock) {
            if (s.link != socket || s.settingsEventId == null || s.state == RealtimeSession.State.CLOSED) {
                return;
            }
            if (problem != null) {
                LOG.warn("Session {}: {}; going on with the session the server reported", s.key, problem);
            }
            configuredLocked(out, fx);
        }
        s.run(out);
        fx.forEach(Runnable::run);
    }

    /** The session is open and configured: turns may run, waiting exchanges go on, listeners hear of it. */
    private void configuredLocked(List<Action> out, List<Runnable> fx) {
        assert Thread.holdsLock(s.lock);
        s.settingsEventId = null;
        s.cancelSettingsWaitLocked();
        boolean again = s.everOpened;
        s.everOpened = true;
        s.state = RealtimeSession.State.OPEN;
        s.output.use(s.link.connection);
        // the conversation so far, before any turn's input: a new socket is a new, empty server conversation
        s.agents.replayLocked(s.link.dialect, s.ids::nextEventId, out);
        s.conversation.opened(out);
        CompletableFuture<Void> r = s.ready;
        fx.add(() -> r.complete(null));
        fx.add(() -> s.services.metrics().connected(s.key.name(), again));
        fx.add(() -> s.emit(again ? LifecycleEvents.RECONNECTED : LifecycleEvents.OPENED, null));
    }

    @Override
    public void event(SessionConnector.Link socket, RealtimeEvent event) {
        s.output.heard();
        List<Action> out = new ArrayList<>();
        ResponseResult finished = null;
        boolean settingsAnswer = false;
        String history = null;
        if (!s.audioProduced && EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA.equals(event.type())) {
            s.audioProduced = true;
        }
        // before the decisions: a reply released by this event asks the guardrail for the response's verdict
        s.agents.onEvent(event);
        synchronized (s.lock) {
            if (s.link == socket && s.state != RealtimeSession.State.CLOSED) {
                history = s.agents.recordLocked(event);
                String errorFor = EventTypes.ERROR.equals(event.type()) ? event.errorEventId() : null;
                if (s.settingsEventId != null && errorFor != null && errorFor.equals(s.settingsEventId)) {
                    LOG.error("Session {}: the server rejected the session settings [{}]: {}", s.key, event.errorCode(), event.errorMessage());
                    settingsAnswer = true;
                } else {
                    finished = s.conversation.onEvent(event, out);
                    settingsAnswer = s.settingsEventId != null && EventTypes.SESSION_UPDATED.equals(event.type());
                }
            }
        }
        if (settingsAnswer) {
            settingsAnswered(socket, null);
        }
        if (finished != null) {
            s.usage.add(finished);
            s.services.metrics().response(s.key.name(), finished);
        }
        s.usage.observe(event);
        s.run(out);
        s.agents.save(history);
        if (s.agents.suppressed(event)) {
            // output of a response a guardrail stopped: the caller must not hear more of it
            socket.credit();
        } else {
            s.agents.played(event);
            s.delivery.deliver(event, finished, socket::credit);
        }
    }

    @Override
    public void reconnecting(String why, Throwable cause) {
        List<Action> out = new ArrayList<>();
        synchronized (s.lock) {
            if (s.state == RealtimeSession.State.CLOSED) {
                return;
            }
            s.lastProblem = why;
            s.link = null;
            s.output.use(null);
            s.settingsEventId = null;
            s.cancelSettingsWaitLocked();
            s.state = RealtimeSession.State.RECONNECTING;
            if (s.ready.isDone()) {
                s.ready = new CompletableFuture<>();
            }
            s.conversation.lost(new RealtimeSessionClosedException("Session " + s.key + " lost its connection before the reply arrived ("
                                                                 + why + ")", cause), false, out);
        }
        s.agents.socketLost();
        s.run(out);
        s.emit(LifecycleEvents.RECONNECTING, why);
    }

    @Override
    public void failed(Throwable cause) {
        s.terminate(cause);
    }
}
