package io.github.camelrealtime.examples.twilio;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The running bridge: a CamelContext with the {@link BridgeRoutes}, a Vert.x HTTP server (camel-platform-http-vertx)
 * carrying the WebSocket routes of {@link MediaStreamSockets}, and, without an API key, the embedded Realtime
 * simulator. {@link #close()} stops it all.
 */
public final class TwilioBridge implements AutoCloseable {

    /** The simulator paces its replies (a step every 25 ms) so they arrive over time, as a real server's do. */
    static final Duration SIMULATOR_STEP = Duration.ofMillis(25);

    private final TwilioBridgeSettings settings;
    private final CamelContext camel;
    private final CallBridge bridge;
    private final RealtimeSimulator simulator;
    private final int port;

    private TwilioBridge(TwilioBridgeSettings settings, CamelContext camel, CallBridge bridge, RealtimeSimulator simulator, int port) {
        this.settings = settings;
        this.camel = camel;
        this.bridge = bridge;
        this.simulator = simulator;
        this.port = port;
    }

    /** Starts the bridge; says on {@code out} which Realtime server answers. */
    public static TwilioBridge start(TwilioBridgeSettings settings, PrintStream out) throws Exception {
        RealtimeSimulator simulator = null;
        FastRouterRealtimeComponent realtime = new FastRouterRealtimeComponent();
        if (settings.useSimulator()) {
            simulator = RealtimeSimulator.builder().responseDelay(SIMULATOR_STEP).build().start();
            realtime.getConfiguration().setBaseUrl(simulator.baseUrl().toString());
            realtime.getConfiguration().setApiKey(simulator.apiKey());
            out.printf("No FASTROUTER_API_KEY set: using the embedded Realtime SIMULATOR at %s.%n", simulator.baseUrl());
            out.println("  It answers each turn with the caller's own audio (echo) and a simulated transcript; text as a 440 Hz tone.");
            out.println("  For a real voice agent: export FASTROUTER_API_KEY=sk-v1-... (optionally FASTROUTER_MODEL) and run again.");
        } else {
            realtime.getConfiguration().setApiKey(settings.apiKey());
            if (settings.baseUrl() != null) {
                realtime.getConfiguration().setBaseUrl(settings.baseUrl());
            }
            out.printf("FASTROUTER_API_KEY is set: using %s, model %s.%n", realtime.getConfiguration().getBaseUrl(), settings.model());
        }
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            camel.getRegistry().bind("fastrouter-realtime", realtime);
            VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
            http.setBindHost("0.0.0.0");
            http.setBindPort(settings.port());
            VertxPlatformHttpServer server = new VertxPlatformHttpServer(http);
            camel.addService(server);
            CallBridge bridge = new CallBridge(camel, settings.greeting());
            camel.addRoutes(new BridgeRoutes(settings, bridge));
            camel.start();
            MediaStreamSockets.install(VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(settings.port())), bridge);
            return new TwilioBridge(settings, camel, bridge, simulator, server.getServer().actualPort());
        } catch (Exception | Error e) {
            camel.stop();
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI webSocketUri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    public CallBridge calls() {
        return bridge;
    }

    public CamelContext camel() {
        return camel;
    }

    /** The embedded simulator, or null when a real server answers. */
    public RealtimeSimulator simulator() {
        return simulator;
    }

    public TwilioBridgeSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        try {
            camel.stop();
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }
}
