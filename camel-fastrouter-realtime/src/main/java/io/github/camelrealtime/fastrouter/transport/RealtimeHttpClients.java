package io.github.camelrealtime.fastrouter.transport;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Creates the {@link HttpClient} that opens Realtime WebSockets. One client is meant to be shared by all connections of
 * a component. Its executor ({@link ClientExecutor}, daemon threads {@code fastrouter-realtime-ws-N}) runs what the
 * JDK hands over: on the selector thread itself while the client has few open sockets (one thread wake-up less per
 * received message; {@code -Dfastrouter.realtime.inlineSelector=false} never does), else on at most
 * {@link #POOL_THREADS} threads at once, so threads do not grow with the handshakes in flight. A listener may have work
 * run on the same thread once its callback has returned ({@link #runAfterCallback}). An application is never kept alive
 * by idle connections.
 */
public final class RealtimeHttpClients {

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    /**
     * How many tasks of the JDK a client runs at once (default 4 per core, at least 8; system property
     * {@code fastrouter.realtime.httpClientThreads}). None of them blocks, so more only adds switching; with a cached
     * pool the threads grew with the handshakes in flight (about 100 while 5,000 sessions opened).
     */
    static final int POOL_THREADS = Integer.getInteger("fastrouter.realtime.httpClientThreads",
            Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));

    private RealtimeHttpClients() {
    }

    /**
     * @param sslContext     the TLS context for {@code wss://}, or null for the JVM default
     * @param connectTimeout the TCP (and TLS) connect timeout, or null for none
     */
    public static HttpClient create(SSLContext sslContext, Duration connectTimeout) {
        ThreadFactory daemons = task -> {
            Thread thread = new Thread(task, "fastrouter-realtime-ws-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        HttpClient.Builder builder = HttpClient.newBuilder()
                // WebSocket upgrades are HTTP/1.1 only
                .version(HttpClient.Version.HTTP_1_1)
                // a redirect would carry the Authorization header elsewhere; the JDK WebSocket rejects it anyway
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault() != null ? ProxySelector.getDefault() : HttpClient.Builder.NO_PROXY)
                .executor(new ClientExecutor(POOL_THREADS, daemons));
        if (connectTimeout != null) {
            builder.connectTimeout(connectTimeout);
        }
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        return builder.build();
    }

    /**
     * Lets the threads of a client made by {@link #create} end. The client must not be used afterwards: call this only
     * once every connection opened with it has closed (e.g. when the component stops).
     */
    public static void shutdown(HttpClient client) {
        client.executor().ifPresent(executor -> {
            if (executor instanceof ClientExecutor own) {
                own.shutdown();
            } else if (executor instanceof ExecutorService service) {
                service.shutdown();
            }
        });
    }

    /**
     * On a thread of a client made by {@link #create} that runs a WebSocket callback (not the selector thread), runs
     * {@code task} on this same thread as soon as the callback has returned, and returns true: one thread hand-off less
     * than giving it to another pool. The task may block: the thread then no longer counts towards the client's
     * {@link #POOL_THREADS}, and the sockets are read by others. Anywhere else returns false, and the caller runs the
     * task elsewhere.
     */
    public static boolean runAfterCallback(Runnable task) {
        return ClientExecutor.runAfterCallback(task);
    }
}
