package io.github.camelrealtime.fastrouter.transport;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Creates the {@link HttpClient} that opens Realtime WebSockets. One client is meant to be shared by all connections of
 * a component: it owns a cached pool of daemon threads ({@code fastrouter-realtime-ws-N}), so an application is never
 * kept alive by idle connections. What the JDK's selector thread hands to that pool (reading a socket: frames, UTF-8,
 * and the listener callbacks with event decoding) runs on the selector thread itself, one thread wake-up less per
 * received message; the rest (send completions started elsewhere, TLS and handshake work started on other threads)
 * runs on the pool. This holds while the client has few open sockets (see {@link SelectorInlineExecutor}); with many, the
 * pool decodes in parallel. The system property {@code fastrouter.realtime.inlineSelector=false} hands everything to the
 * pool always.
 */
public final class RealtimeHttpClients {

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

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
                .executor(new SelectorInlineExecutor(Executors.newCachedThreadPool(daemons)));
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
            if (executor instanceof SelectorInlineExecutor inline) {
                inline.pool.shutdown();
            } else if (executor instanceof ExecutorService service) {
                service.shutdown();
            }
        });
    }

    /**
     * The client's executor. While the client has few open sockets (at most {@link #INLINE_MAX_SOCKETS}), what the
     * JDK's selector thread hands off (reading a socket: frame decoding, and the listener callbacks: message
     * reassembly and event decoding) runs right there instead of on a pool thread, saving one thread wake-up per
     * received message; safe because none of it blocks (the listener callbacks must not block, route code runs on the
     * sessions' own lanes). With more sockets everything goes to the pool: one selector thread decoding for all of them
     * would make each socket wait for the others' messages (measured: p99 latency at 100 streaming sessions grew from
     * tens to hundreds of milliseconds on 2 busy cores), and the pool decodes them in parallel.
     */
    static final class SelectorInlineExecutor implements java.util.concurrent.Executor {
        static final boolean INLINE = !"false".equals(System.getProperty("fastrouter.realtime.inlineSelector"));
        static final int INLINE_MAX_SOCKETS = Integer.getInteger("fastrouter.realtime.inlineSelectorMaxSockets",
                Math.max(2, Runtime.getRuntime().availableProcessors()));

        final ExecutorService pool;
        private final AtomicInteger openSockets = new AtomicInteger();

        SelectorInlineExecutor(ExecutorService pool) {
            this.pool = pool;
        }

        void socketOpened() {
            openSockets.incrementAndGet();
        }

        void socketClosed() {
            openSockets.decrementAndGet();
        }

        @Override
        public void execute(Runnable task) {
            if (INLINE && openSockets.get() <= INLINE_MAX_SOCKETS
                && Thread.currentThread().getName().endsWith("-SelectorManager")) {
                task.run();
            } else {
                pool.execute(task);
            }
        }
    }
}
