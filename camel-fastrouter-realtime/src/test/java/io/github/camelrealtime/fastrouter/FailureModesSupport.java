package io.github.camelrealtime.fastrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.SessionKey;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.apache.camel.builder.RouteBuilder;

/**
 * What the failure-mode tests (DESIGN.md §8) share: the {@code connection.*} events a consumer hears, waits that poll a
 * condition with a generous bound, and the live session of a name.
 */
abstract class FailureModesSupport extends SimulatorTestSupport {

    /** Generous: the machine running the suite may be small and busy. */
    static final Duration WAIT = Duration.ofSeconds(20);

    static final String LIFECYCLE_TYPES = "connection.opened,connection.reconnecting,connection.reconnected,connection.closed";

    /** The lifecycle events heard by {@link #recordLifecycle}, as {@code type} or {@code type: reason}. */
    final List<String> lifecycle = new CopyOnWriteArrayList<>();

    /**
     * An endpoint URI for the simulator without the support's default responseTimeout and heartbeat (for tests that set
     * their own, or whose server stops reading on purpose and must not be taken for lost).
     */
    static String bareUri(RealtimeSimulator sim, String sessionName, String options) {
        return "fastrouter-realtime:" + sessionName + "?baseUrl=" + sim.baseUrl() + "&apiKey=" + RealtimeSimulator.DEFAULT_API_KEY
               + "&" + options;
    }

    /** Starts a consumer of the session's lifecycle events on the producer's endpoint URI (same name, same settings). */
    void recordLifecycle(String endpointUri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(endpointUri + "&eventTypes=" + LIFECYCLE_TYPES)
                        .process(e -> lifecycle.add(e.getMessage().getHeader(FastRouterRealtimeConstants.EVENT_TYPE, String.class)));
            }
        });
    }

    /** The lifecycle event types heard so far, in order. */
    List<String> lifecycleTypes() {
        return new ArrayList<>(lifecycle);
    }

    void awaitLifecycle(String type) {
        assertEventually("the consumer hears " + type + " (heard " + lifecycle + ")", () -> lifecycle.contains(type));
    }

    /** The live session of a name, or null. */
    RealtimeSession session(String name) {
        return context.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class).getRegistry().get(SessionKey.of(name));
    }

    static boolean eventually(Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    static void assertEventually(String what, BooleanSupplier condition) {
        if (!eventually(WAIT, condition)) {
            throw new AssertionError("Not within " + WAIT.toSeconds() + " s: " + what);
        }
    }

    /** The throwable and its causes, outermost first. */
    static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
