package io.github.camelrealtime.examples.twilio;

import java.util.concurrent.CountDownLatch;

/**
 * {@code -Pserve}: runs the bridge until stopped (Ctrl+C). Point a Twilio number's voice webhook at
 * {@code https://<public host>/incoming-call} (see the README); open {@code http://localhost:PORT/} to talk from a
 * browser.
 */
public final class TwilioBridgeApp {

    private TwilioBridgeApp() {
    }

    public static void main(String[] args) throws Exception {
        TwilioBridgeSettings settings = TwilioBridgeSettings.fromEnvironment(System.getenv());
        TwilioBridge bridge = TwilioBridge.start(settings, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "twilio-bridge-shutdown"));
        int port = bridge.port();
        System.out.printf("The bridge listens on port %d:%n", port);
        System.out.printf("  POST http://localhost:%d/incoming-call   Twilio's voice webhook (answers TwiML <Connect><Stream url=\"wss://%s/media-stream\"/>)%n",
                port, settings.publicHost() == null ? "<Host header>" : settings.publicHost());
        System.out.printf("  WS   ws://localhost:%d/media-stream      Twilio Media Streams (bidirectional)%n", port);
        System.out.printf("  GET  http://localhost:%d/                the browser page (talk to it), WebSocket /browser-stream%n", port);
        System.out.println("Expose it over HTTPS (e.g. `ngrok http " + port + "`) and set the number's webhook to https://<host>/incoming-call. Ctrl+C stops.");
        stopped.await();
    }
}
