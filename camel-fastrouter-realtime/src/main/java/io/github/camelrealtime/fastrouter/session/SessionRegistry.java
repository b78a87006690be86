package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The live sessions of one component, by {@link SessionKey}: a producer and a consumer of the same name share one
 * session (one socket), keyed sessions are created on first use, and consumers listen to a name (all its sessions).
 */
public final class SessionRegistry {

    private final Map<SessionKey, RealtimeSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, List<SessionListener>> listeners = new ConcurrentHashMap<>();
    /** Why the last session of a key ended for good, until a new one opens (for health checks). */
    private final Map<SessionKey, String> endings = new ConcurrentHashMap<>();
    /** Set by {@link #closeAll()}: the component is stopping and opens no more sessions. */
    private volatile boolean closed;

    /**
     * The live session for the key, created by the factory (and opened) when there is none.
     *
     * @throws IllegalStateException when the component is stopping
     */
    public RealtimeSession getOrCreate(SessionKey key, Function<SessionKey, RealtimeSession> factory) {
        if (closed) {
            throw stopping(key);
        }
        RealtimeSession session = sessions.compute(key, (k, existing) -> {
            if (existing != null && !existing.isClosed()) {
                return existing;
            }
            endings.remove(k);
            return factory.apply(k);
        });
        if (closed) {
            // closeAll ran while this one was being created: it must not outlive the component
            session.close();
            throw stopping(key);
        }
        session.open();
        return session;
    }

    private static IllegalStateException stopping(SessionKey key) {
        return new IllegalStateException("The fastrouter-realtime component is stopping; session " + key + " was not opened");
    }

    public RealtimeSession get(SessionKey key) {
        return sessions.get(key);
    }

    /** Called by a session that closed for good. */
    public void remove(RealtimeSession session) {
        if (sessions.remove(session.key(), session) && session.lastProblem() != null) {
            endings.put(session.key(), session.lastProblem());
        }
    }

    /** Why the last session of this key ended for good (not closed on purpose), when no new one opened since; or null. */
    public String ending(SessionKey key) {
        return endings.get(key);
    }

    public List<RealtimeSession> sessions() {
        return new ArrayList<>(sessions.values());
    }

    public List<RealtimeSession> sessionsNamed(String name) {
        List<RealtimeSession> named = new ArrayList<>();
        for (RealtimeSession s : sessions.values()) {
            if (s.key().name().equals(name)) {
                named.add(s);
            }
        }
        return named;
    }

    public void addListener(String name, SessionListener listener) {
        listeners.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(listener);
    }

    public void removeListener(String name, SessionListener listener) {
        List<SessionListener> list = listeners.get(name);
        if (list != null) {
            list.remove(listener);
        }
    }

    public List<SessionListener> listeners(String name) {
        List<SessionListener> list = listeners.get(name);
        return list == null ? List.of() : list;
    }

    /** Closes every session and opens no more (component shutdown). */
    public void closeAll() {
        closed = true;
        for (RealtimeSession s : sessions()) {
            s.close();
        }
        sessions.clear();
    }

    /** Opens sessions again after {@link #closeAll()} (the component restarted). */
    public void reopen() {
        closed = false;
    }
}
