package io.github.camelrealtime.fastrouter.transport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A minimal RFC 6455 server for the transport tests: answers the upgrade (or refuses it with a status and body),
 * reads masked client frames (reassembling continuations), writes text, continuation, binary and close frames, and can
 * pause reading or drop the TCP connection. One reader thread per connection; writes are serialised.
 */
final class TestWebSocketServer implements AutoCloseable {

    static final long WAIT_SECONDS = 20;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** The upgrade request as the server saw it; header names are case-insensitive. */
    record HandshakeRequest(String requestLine, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** A refusal of the upgrade: status line, extra headers and body. */
    record Refusal(int status, String reasonPhrase, Map<String, String> headers, String body) {
    }

    /** A close frame received from the client. */
    record CloseFrame(int code, String reason) {
    }

    private final ServerSocket serverSocket;
    private final boolean tls;
    private final BlockingQueue<HandshakeRequest> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private final List<Peer> allPeers = new ArrayList<>();
    private volatile Refusal refusal;
    private volatile boolean echoClose = true;

    private TestWebSocketServer(ServerSocket serverSocket, boolean tls) {
        this.serverSocket = serverSocket;
        this.tls = tls;
        Thread acceptor = new Thread(this::acceptLoop, "test-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TestWebSocketServer start() throws IOException {
        return start(null);
    }

    /** Starts on an ephemeral loopback port, with TLS when a context is given. */
    static TestWebSocketServer start(SSLContext sslContext) throws IOException {
        ServerSocket socket = sslContext == null ? new ServerSocket()
                : sslContext.getServerSocketFactory().createServerSocket();
        // a small receive window makes "the server stops reading" fill the client's queue quickly
        socket.setReceiveBufferSize(16 * 1024);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new TestWebSocketServer(socket, sslContext != null);
    }

    URI uri(String pathAndQuery) {
        String host = tls ? "localhost" : "127.0.0.1";
        return URI.create((tls ? "wss" : "ws") + "://" + host + ":" + serverSocket.getLocalPort() + pathAndQuery);
    }

    /** Refuses every following upgrade with this response (null accepts again). */
    void refuseWith(Refusal response) {
        this.refusal = response;
    }

    /** Whether a client close is answered with a close frame (true by default). */
    void echoClose(boolean echo) {
        this.echoClose = echo;
    }

    HandshakeRequest awaitRequest() throws InterruptedException {
        return require(requests.poll(WAIT_SECONDS, TimeUnit.SECONDS), "no upgrade request arrived");
    }

    Peer awaitPeer() throws InterruptedException {
        return require(peers.poll(WAIT_SECONDS, TimeUnit.SECONDS), "no WebSocket connection was accepted");
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        synchronized (allPeers) {
            for (Peer peer : allPeers) {
                peer.shutDown();
            }
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                Thread handler = new Thread(() -> handle(socket), "test-ws-peer");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            HandshakeRequest request = readRequest(in);
            requests.add(request);
            Refusal refused = refusal;
            if (refused != null) {
                byte[] body = refused.body().getBytes(StandardCharsets.UTF_8);
                StringBuilder response = new StringBuilder("HTTP/1.1 " + refused.status() + " " + refused.reasonPhrase() + "\r\n");
                refused.headers().forEach((name, value) -> response.append(name).append(": ").append(value).append("\r\n"));
                response.append("Content-Type: application/json\r\nContent-Length: ").append(body.length)
                        .append("\r\nConnection: close\r\n\r\n");
                out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                socket.close();
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((request.header("sec-websocket-key") + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Peer peer = new Peer(socket, in, out, request);
            synchronized (allPeers) {
                allPeers.add(peer);
            }
            peers.add(peer);
            peer.readLoop();
        } catch (IOException | NoSuchAlgorithmException e) {
            closeQuietly(socket);
        }
    }

    private static HandshakeRequest readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return new HandshakeRequest(requestLine, headers);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static <T> T require(T value, String message) {
        if (value == null) {
            throw new AssertionError(message);
        }
        return value;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** One accepted WebSocket connection, seen from the server. */
    final class Peer {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final HandshakeRequest request;
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        private final CompletableFuture<CloseFrame> clientClose = new CompletableFuture<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final Object pauseLock = new Object();
        private boolean paused;
        private boolean closeSent;

        private Peer(Socket socket, InputStream in, OutputStream out, HandshakeRequest request) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.request = request;
        }

        HandshakeRequest request() {
            return request;
        }

        void sendText(String text) throws IOException {
            sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends the text as one text frame and {@code fragments - 1} continuation frames, cut at arbitrary bytes. */
        void sendFragmented(String text, int fragments) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int size = (bytes.length + fragments - 1) / fragments;
            for (int i = 0; i < fragments; i++) {
                int from = Math.min(i * size, bytes.length);
                int to = i == fragments - 1 ? bytes.length : Math.min(from + size, bytes.length);
                byte[] part = Arrays.copyOfRange(bytes, from, to);
                sendFrame(i == 0 ? 0x1 : 0x0, i == fragments - 1, part);
            }
        }

        void sendBinary(byte[] data) throws IOException {
            sendFrame(0x2, true, data);
        }

        void sendPing(byte[] data) throws IOException {
            sendFrame(0x9, true, data);
        }

        void sendClose(int code, String reason) throws IOException {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + text.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, text.length);
            synchronized (this) {
                closeSent = true;
            }
            sendFrame(0x8, true, payload);
        }

        synchronized void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
            frame.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length);
            } else {
                frame.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >> shift));
                }
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }

        /** Stops reading from the socket after the frame being read (TCP back-pressure reaches the client). */
        void pauseReading() {
            synchronized (pauseLock) {
                paused = true;
            }
        }

        void resumeReading() {
            synchronized (pauseLock) {
                paused = false;
                pauseLock.notifyAll();
            }
        }

        /** Drops the TCP connection with a reset, without a close frame. */
        void dropConnection() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        String awaitMessage() throws InterruptedException {
            return require(messages.poll(WAIT_SECONDS, TimeUnit.SECONDS), "no message arrived at the server");
        }

        byte[] awaitPong() throws InterruptedException {
            return require(pongs.poll(WAIT_SECONDS, TimeUnit.SECONDS), "no pong arrived at the server");
        }

        /** Messages received so far and not yet awaited. */
        List<String> drainMessages() {
            List<String> drained = new ArrayList<>();
            messages.drainTo(drained);
            return drained;
        }

        CloseFrame awaitClientClose() throws Exception {
            return clientClose.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Completes when the connection is gone (client close handled, EOF or reset). */
        CompletableFuture<Void> ended() {
            return ended;
        }

        private void readLoop() {
            ByteArrayOutputStream fragments = new ByteArrayOutputStream();
            try {
                while (true) {
                    waitWhilePaused();
                    int first = in.read();
                    if (first < 0) {
                        break;
                    }
                    boolean fin = (first & 0x80) != 0;
                    int opcode = first & 0x0F;
                    int second = readByte();
                    if ((second & 0x80) == 0) {
                        throw new IOException("client frame not masked");
                    }
                    long length = second & 0x7F;
                    if (length == 126) {
                        length = (readByte() << 8) | readByte();
                    } else if (length == 127) {
                        length = 0;
                        for (int i = 0; i < 8; i++) {
                            length = (length << 8) | readByte();
                        }
                    }
                    byte[] mask = in.readNBytes(4);
                    byte[] payload = in.readNBytes((int) length);
                    if (payload.length != length || mask.length != 4) {
                        break;
                    }
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i & 3];
                    }
                    switch (opcode) {
                        case 0x1, 0x0 -> {
                            fragments.write(payload);
                            if (fin) {
                                messages.add(fragments.toString(StandardCharsets.UTF_8));
                                fragments.reset();
                            }
                        }
                        case 0x8 -> {
                            int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                            String reason = payload.length > 2
                                    ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                            clientClose.complete(new CloseFrame(code, reason));
                            boolean answer;
                            synchronized (this) {
                                answer = echoClose && !closeSent;
                            }
                            if (answer) {
                                sendClose(code, "");
                            }
                            if (answer || closeSentAlready()) {
                                socket.close();
                                return;
                            }
                        }
                        case 0x9 -> sendFrame(0xA, true, payload);
                        case 0xA -> pongs.add(payload);
                        default -> {
                            // binary frames: nothing to do
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the connection is gone
            } finally {
                TestWebSocketServer.closeQuietly(socket);
                clientClose.complete(null);
                ended.complete(null);
            }
        }

        private synchronized boolean closeSentAlready() {
            return closeSent;
        }

        private void waitWhilePaused() throws InterruptedException {
            synchronized (pauseLock) {
                while (paused) {
                    pauseLock.wait();
                }
            }
        }

        private int readByte() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }

        private void shutDown() {
            resumeReading();
            TestWebSocketServer.closeQuietly(socket);
        }

        @Override
        public String toString() {
            return "Peer[" + request.requestLine() + "]";
        }
    }
}
