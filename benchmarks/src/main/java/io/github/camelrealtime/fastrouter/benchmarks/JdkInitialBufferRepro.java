package io.github.camelrealtime.fastrouter.benchmarks;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Shows a fault of the JDK's own WebSocket client, without any of our code: a server writes its 101 response and
 * about 25 KB of text frames in one write; at times (a few rounds in a hundred on JDK 17.0.15) the JDK client stops
 * delivering in the middle of the frames, or fails an intact frame as invalid UTF-8 (1002). Written in two writes
 * (101 first) it does not happen. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.camelrealtime.fastrouter.benchmarks.JdkInitialBufferRepro [rounds] [oneWrite]}; prints one JSON line.
 */
public final class JdkInitialBufferRepro {

    private static final int FRAMES = 80;

    private JdkInitialBufferRepro() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        boolean oneWrite = args.length < 2 || Boolean.parseBoolean(args[1]);
        int stalled = 0;
        int failed = 0;
        HttpClient client = HttpClient.newHttpClient();
        try (ServerSocket server = new ServerSocket(0)) {
            for (int round = 0; round < rounds; round++) {
                List<String> frames = frames(round);
                Thread serverSide = new Thread(() -> serve(server, frames, oneWrite));
                serverSide.start();
                List<String> received = Collections.synchronizedList(new ArrayList<>());
                CompletableFuture<Throwable> error = new CompletableFuture<>();
                WebSocket ws = client.newWebSocketBuilder()
                        .buildAsync(URI.create("ws://localhost:" + server.getLocalPort() + "/"), new Collector(received, error))
                        .get(10, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (received.size() < FRAMES && !error.isDone() && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                if (error.isDone()) {
                    failed++;
                } else if (!received.equals(frames)) {
                    stalled++;
                }
                ws.abort();
                serverSide.join();
            }
        }
        System.out.printf(Locale.ROOT, "{\"scenario\":\"jdkInitialBuffer\",\"java\":\"%s\",\"oneWrite\":%b,\"rounds\":%d,"
                + "\"stalled\":%d,\"failed\":%d}%n", System.getProperty("java.version"), oneWrite, rounds, stalled, failed);
    }

    /** About 25 KB of text frames, lengths varied per round so the 16 KB read boundary falls in different places. */
    private static List<String> frames(int round) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            int pad = 300 + (i * 37 + round * 13) % 211;
            frames.add("{\"type\":\"x\",\"i\":" + i + ",\"pad\":\"" + "a".repeat(pad) + (i == 0 ? "’" : "") + "\"}");
        }
        return frames;
    }

    private static void serve(ServerSocket server, List<String> frames, boolean oneWrite) {
        try (Socket socket = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String key = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring("sec-websocket-key:".length()).trim();
                }
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
            OutputStream socketOut = socket.getOutputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                    + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (!oneWrite) {
                socketOut.write(out.toByteArray());
                socketOut.flush();
                out.reset();
            }
            for (String frame : frames) {
                byte[] payload = frame.getBytes(StandardCharsets.UTF_8);
                out.write(0x81);
                if (payload.length < 126) {
                    out.write(payload.length);
                } else {
                    out.write(126);
                    out.write(payload.length >> 8);
                    out.write(payload.length & 0xff);
                }
                out.write(payload);
            }
            socketOut.write(out.toByteArray());
            socketOut.flush();
            Thread.sleep(2_500);
        } catch (Exception ignored) {
            // the client aborted: the round is over
        }
    }

    /** Reassembles text messages, asking for one message at a time as a careful client does. */
    private static final class Collector implements WebSocket.Listener {
        private final List<String> received;
        private final CompletableFuture<Throwable> error;
        /** Listener callbacks only (the JDK calls them one at a time). */
        private final StringBuilder partial = new StringBuilder();

        Collector(List<String> received, CompletableFuture<Throwable> error) {
            this.received = received;
            this.error = error;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable e) {
            error.complete(e);
        }
    }
}
