package io.github.camelrealtime.fastrouter.test;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link RealtimeSimulator} for a test class:
 * {@code @RegisterExtension static RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.gaOnly(false));}
 * then {@code SIM.simulator()}, or a {@code RealtimeSimulator} test or constructor parameter. Before each test the
 * scripted faults are reset and the recorded history cleared; the server (and its port) stays the same. Registered
 * on an instance field instead of a static one, it starts and stops a simulator around each test.
 */
public final class RealtimeSimulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Consumer<RealtimeSimulator.Builder> customizer;
    private RealtimeSimulator simulator;
    private boolean perClass;

    /** A simulator with the default settings (what {@code @ExtendWith(RealtimeSimulatorExtension.class)} uses). */
    public RealtimeSimulatorExtension() {
        this(builder -> { });
    }

    private RealtimeSimulatorExtension(Consumer<RealtimeSimulator.Builder> customizer) {
        this.customizer = customizer;
    }

    public static RealtimeSimulatorExtension create() {
        return new RealtimeSimulatorExtension();
    }

    public static RealtimeSimulatorExtension create(Consumer<RealtimeSimulator.Builder> customizer) {
        return new RealtimeSimulatorExtension(customizer);
    }

    /** The running simulator (started on first use). */
    public synchronized RealtimeSimulator simulator() {
        if (simulator == null) {
            RealtimeSimulator.Builder builder = RealtimeSimulator.builder();
            customizer.accept(builder);
            simulator = builder.build().start();
        }
        return simulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        simulator();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RealtimeSimulator sim = simulator();
        sim.reset();
        sim.clearHistory();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private synchronized void stop() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RealtimeSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return simulator();
    }
}
