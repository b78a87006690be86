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

    /** The live session for the key, created by the factory (and opened) when there is none. */
    public RealtimeSession getOrCreate(SessionKey key, Function<SessionKey, RealtimeSession> factory) {
        RealtimeSession session = sessions.compute(key, (k, existing) ->
                existing != null && !existing.isClosed() ? existing : factory.apply(k));
        session.open();
        return session;
    }

    public RealtimeSession get(SessionKey key) {
        return sessions.get(key);
    }

    /** Called by a session that closed for good. */
    public void remove(RealtimeSession session) {
        sessions.remove(session.key(), session);
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

    /** Closes every session (component shutdown). */
    public void closeAll() {
        for (RealtimeSession s : sessions()) {
            s.close();
        }
        sessions.clear();
    }
}
