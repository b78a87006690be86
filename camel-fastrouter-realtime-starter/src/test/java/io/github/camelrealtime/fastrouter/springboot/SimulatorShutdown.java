package io.github.camelrealtime.fastrouter.springboot;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.springframework.context.SmartLifecycle;

/**
 * Closes a test's simulator when its application context closes, after Camel has stopped (lowest phase stops last),
 * so the sessions end with a normal close instead of seeing the server vanish and reconnecting.
 */
final class SimulatorShutdown implements SmartLifecycle {

    private final RealtimeSimulator simulator;
    private volatile boolean running;

    SimulatorShutdown(RealtimeSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        simulator.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
