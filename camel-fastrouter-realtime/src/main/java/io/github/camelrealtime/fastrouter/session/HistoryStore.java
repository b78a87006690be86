package io.github.camelrealtime.fastrouter.session;

/**
 * Where a conversation's replayable history is kept between sockets and instances, as JSON text keyed by the session
 * key ({@link SessionKey#toString()}). The Camel face adapts a {@code StateRepository<String, String>} to it. Called
 * off the session's lock and off the socket's threads (saves run on a worker, one at a time per session).
 */
public interface HistoryStore {

    /** The saved history of this conversation, or null. */
    String load(String key);

    /** Replaces the saved history of this conversation. */
    void save(String key, String json);
}
