package io.github.camelrealtime.fastrouter;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.github.camelrealtime.fastrouter.protocol.RealtimeCodec;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.SessionRegistry;
import io.github.camelrealtime.fastrouter.session.SessionServices;
import io.github.camelrealtime.fastrouter.transport.RealtimeHttpClients;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.util.PropertiesHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code fastrouter-realtime} component: live sessions with FastRouter's Realtime endpoint (or any
 * OpenAI-Realtime-compatible server). Holds what all its endpoints share: one HTTP client (per TLS setting), the
 * session registry, the worker pool, the timers.
 */
@Component("fastrouter-realtime")
public class FastRouterRealtimeComponent extends HealthCheckComponent {

    @Metadata(description = "Component-wide defaults for every endpoint option (e.g. apiKey, baseUrl, model).")
    private FastRouterRealtimeConfiguration configuration = new FastRouterRealtimeConfiguration();

    private static final Logger LOG = LoggerFactory.getLogger(FastRouterRealtimeComponent.class);
    private static final long IDLE_SWEEP_MILLIS = 250;
    private static final long HTTP_CLIENT_GRACE_SECONDS = 10;

    private final SessionRegistry registry = new SessionRegistry();
    private final Map<Object, HttpClient> httpClients = new ConcurrentHashMap<>();
    private final SendOrder sendOrder = new SendOrder();
    private final RealtimeCodec codec = new RealtimeCodec();
    private ComponentMetrics metrics = ComponentMetrics.NONE;
    private ExecutorService workers;
    private ScheduledExecutorService scheduler;

    public FastRouterRealtimeComponent() {
    }

    public FastRouterRealtimeComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("A session name is required: fastrouter-realtime:sessionName");
        }
        FastRouterRealtimeConfiguration conf = configuration.copy();
        conf.getHeaders().putAll(PropertiesHelper.extractProperties(parameters, "header."));
        conf.getToolRoutes().putAll(PropertiesHelper.extractProperties(parameters, "toolRoute."));
        FastRouterRealtimeEndpoint endpoint = new FastRouterRealtimeEndpoint(uri, this, remaining, conf);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        registry.reopen();
        metrics = ComponentMetrics.find(getCamelContext(), registry);
        CamelContext ctx = getCamelContext();
        workers = ctx.getExecutorServiceManager().newCachedThreadPool(this, "FastRouterRealtimeWorker");
        // every exchange has a deadline timer: Camel's default profile would cap pending timers at 1000 and reject the rest
        ThreadPoolProfile timers = new ThreadPoolProfile("FastRouterRealtimeTimer");
        timers.setPoolSize(2);
        timers.setMaxQueueSize(-1);
        scheduler = ctx.getExecutorServiceManager().newScheduledThreadPool(this, "FastRouterRealtimeTimer", timers);
        scheduler.scheduleWithFixedDelay(this::sweepSessions, IDLE_SWEEP_MILLIS, IDLE_SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Keyed sessions (one per call, per key) end when idle for their sessionIdleTimeout, or they would pile up; sockets
     * older than maxSessionDuration are recycled at a quiet moment.
     */
    private void sweepSessions() {
        long now = System.nanoTime();
        for (RealtimeSession session : registry.sessions()) {
            try {
                if (session.idleExpired(now)) {
                    LOG.info("Closing keyed session {}: idle for longer than its sessionIdleTimeout", session.key());
                    session.close();
                } else {
                    session.recycleIfDue(now);
                }
            } catch (RuntimeException e) {
                // one session's failure must not end the sweep (a scheduled task that throws is never run again)
                LOG.warn("Sweeping session {} failed: {}", session.key(), e.getMessage(), e);
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        registry.closeAll();
        CamelContext ctx = getCamelContext();
        for (ExecutorService e : new ExecutorService[] { scheduler, workers }) {
            if (e != null) {
                ctx.getExecutorServiceManager().shutdown(e);
            }
        }
        for (HttpClient client : httpClients.values()) {
            // an upgrade still under way completes on the client's threads, where its late socket is aborted: give it
            // that chance before the threads go (they are daemons; nothing waits for this)
            CompletableFuture.delayedExecutor(HTTP_CLIENT_GRACE_SECONDS, TimeUnit.SECONDS).execute(() -> RealtimeHttpClients.shutdown(client));
        }
        httpClients.clear();
        super.doStop();
    }

    /** One HTTP client for all sessions of the component that share a TLS setting (never one per session). */
    HttpClient httpClient(SSLContextParameters tls, Duration connectTimeout) {
        Object key = tls == null ? "default" : tls;
        return httpClients.computeIfAbsent(key, k -> {
            try {
                SSLContext ssl = tls == null ? null : tls.createSSLContext(getCamelContext());
                return RealtimeHttpClients.create(ssl, connectTimeout);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot create the TLS context from sslContextParameters: " + e.getMessage(), e);
            }
        });
    }

    SessionServices services(HttpClient httpClient) {
        return new SessionServices(httpClient, codec, workers, scheduler, registry::listeners, metrics);
    }

    public SessionRegistry getRegistry() {
        return registry;
    }

    ComponentMetrics metrics() {
        return metrics;
    }

    RealtimeCodec codec() {
        return codec;
    }

    SendOrder sendOrder() {
        return sendOrder;
    }

    ExecutorService workers() {
        return workers;
    }

    /**
     * Where exchanges are completed: the worker pool, or the calling thread once the pool is shut down (the callback
     * of an exchange must run on every path, stopping included).
     */
    Executor callbackExecutor() {
        return task -> {
            ExecutorService pool = workers;
            try {
                if (pool == null) {
                    task.run();
                } else {
                    pool.execute(task);
                }
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public FastRouterRealtimeConfiguration getConfiguration() {
        return configuration;
    }

    /** Component-wide defaults for every endpoint option. */
    public void setConfiguration(FastRouterRealtimeConfiguration configuration) {
        this.configuration = configuration;
    }
}
