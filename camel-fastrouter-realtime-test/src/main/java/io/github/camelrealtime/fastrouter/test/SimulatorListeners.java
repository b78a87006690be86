package io.github.camelrealtime.fastrouter.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;

/**
 * The listening sockets of a {@link RealtimeSimulator} on 127.0.0.1 (ws, and with TLS wss on a second port) and their
 * accepting threads, which give each accepted socket a {@link SimulatedConnection} run by a reading thread of its own.
 */
final class SimulatorListeners {

    /** The simulator's logger, as these threads are the simulator's. */
    private static final System.Logger LOG = System.getLogger(RealtimeSimulator.class.getName());

    private final RealtimeSimulator simulator;
    private final AtomicInteger connectionNumbers = new AtomicInteger();
    /**
     * Set once by {@link #open}, which the simulator calls from its synchronized {@code start()}; read without a lock
     * (not volatile) by the port getters, as before these sockets had a class of their own.
     */
    private ServerSocket plainServer;
    /** Like {@link #plainServer}; null without TLS. */
    private ServerSocket tlsServer;

    SimulatorListeners(RealtimeSimulator simulator) {
        this.simulator = simulator;
    }

    /**
     * Connections the kernel queues while the acceptor is busy (it caps this at {@code net.core.somaxconn}): with 200,
     * thousands of clients connecting at once (the scale benchmark opens 5,000) were turned away and waited out TCP's
     * SYN retries, up to a minute, as a real server's large backlog would not make them.
     */
    private static final int BACKLOG = 4096;

    /** Opens the ws socket on {@code port} (0: a free one) and, with {@code tls}, the wss socket on a free port. */
    void open(int port, boolean tls) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        plainServer = new ServerSocket(port, BACKLOG, loopback);
        startAcceptor(plainServer, false);
        if (tls) {
            SSLServerSocket server = (SSLServerSocket) SimulatorTls.serverSslContext().getServerSocketFactory().createServerSocket(0, BACKLOG, loopback);
            tlsServer = server;
            startAcceptor(server, true);
        }
    }

    private void startAcceptor(ServerSocket server, boolean secure) {
        Thread acceptor = new Thread(() -> {
            while (!simulator.isClosed()) {
                try {
                    Socket socket = server.accept();
                    SimulatedConnection connection = new SimulatedConnection(simulator, socket, connectionNumbers.incrementAndGet(), secure);
                    Thread reader = new Thread(connection::run, "realtime-simulator-connection-" + connection.number());
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    if (!simulator.isClosed()) {
                        LOG.log(System.Logger.Level.WARNING, "accept failed", e);
                    }
                }
            }
        }, "realtime-simulator-accept" + (secure ? "-tls" : ""));
        acceptor.setDaemon(true);
        acceptor.start();
    }

    boolean started() {
        return plainServer != null;
    }

    int plainPort() {
        requireStarted();
        return plainServer.getLocalPort();
    }

    int tlsPort() {
        requireStarted();
        if (tlsServer == null) {
            throw new IllegalStateException("TLS is not enabled: build the simulator with tls(true)");
        }
        return tlsServer.getLocalPort();
    }

    private void requireStarted() {
        if (plainServer == null) {
            throw new IllegalStateException("the simulator is not started");
        }
    }

    /** Closes both sockets, which ends the accepting threads (the simulator is marked closed first). */
    void close() {
        for (ServerSocket server : new ServerSocket[] {plainServer, tlsServer}) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
