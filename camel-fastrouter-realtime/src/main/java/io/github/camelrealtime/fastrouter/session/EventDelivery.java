package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.List;

import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a session's events to the listeners of its name, in arrival order, on the session's own lane (never inside a
 * socket callback: on a worker, or on the callback's thread once it has returned), and gives the socket its credit
 * back once they are done: a slow route slows the socket instead of growing memory. At most
 * {@link SessionConnector#RECEIVE_WINDOW} events wait here per socket. An event nobody wants is credited at once and
 * skips the lane.
 */
final class EventDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

    private final RealtimeSession session;
    private final SessionServices services;
    private final SerialExecutor lane;

    EventDelivery(RealtimeSession session, SessionServices services) {
        this.session = session;
        this.services = services;
        // one thread hand-off per event: the lane starts on the socket's thread right after its callback, when it can
        this.lane = new SerialExecutor(services.workers(), true);
    }

    /** Whether a listener of the session's name wants the audio of finished responses. */
    boolean responseAudioWanted() {
        for (SessionListener l : listeners()) {
            if (l.wantsResponseAudio()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param finished the aggregate of the response the event ended, or null
     * @param credit   gives the socket its credit back for this event; null for the component's own events
     */
    void deliver(RealtimeEvent event, ResponseResult finished, Runnable credit) {
        List<SessionListener> all = listeners();
        List<SessionListener> interested = new ArrayList<>(all.size());
        for (SessionListener l : all) {
            if (l.wants(event)) {
                interested.add(l);
            }
        }
        if (interested.isEmpty() && (finished == null || all.isEmpty())) {
            if (credit != null) {
                credit.run();
            }
            return;
        }
        try {
            lane.execute(() -> {
                try {
                    for (SessionListener l : interested) {
                        safely(() -> l.onEvent(session, event));
                    }
                    if (finished != null) {
                        for (SessionListener l : all) {
                            safely(() -> l.onResponse(session, finished));
                        }
                    }
                } finally {
                    if (credit != null) {
                        credit.run();
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the component is stopping: nobody is left to route the event to
            LOG.debug("Session {}: not delivering {} (stopping)", session.key(), event.type());
        }
    }

    private List<SessionListener> listeners() {
        return services.listenersByName().apply(session.key().name());
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Session {}: a listener failed: {}", session.key(), e.getMessage(), e);
        }
    }
}
