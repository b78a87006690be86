package io.github.camelrealtime.examples.kafkapipeline;

import java.util.Properties;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * One pipeline instance: a CamelContext with the pipeline's routes (YAML or Java DSL), its Kafka component pointed at
 * the brokers, its {@code fastrouter-realtime} component pointed at the Realtime server, and the beans the routes use.
 * Several instances (in one JVM for the demo and the test, or one per process) share the calls through their
 * consumer group. {@link KafkaPipelineApp} runs one under Camel Main.
 */
public final class PipelineInstance implements AutoCloseable {

    public static final String YAML_ROUTES = "classpath:routes/kafka-pipeline.yaml";
    public static final String SESSION_ENDPOINT = "fastrouter-realtime:calls";

    private final String name;
    private final CamelContext context;
    private final CallTracker tracker;

    private PipelineInstance(String name, CamelContext context, CallTracker tracker) {
        this.name = name;
        this.context = context;
        this.tracker = tracker;
    }

    /**
     * Starts an instance.
     *
     * @param yaml     true: the routes of {@value #YAML_ROUTES}; false: {@link KafkaPipelineRoutes}
     * @param observer sees frames and partition moves (null: nothing)
     */
    public static PipelineInstance start(String name, String bootstrapServers, RealtimeServer server, String groupId,
                                         boolean yaml, CallTracker.FrameObserver observer) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(name);
        context.getShutdownStrategy().setTimeout(10);
        Properties properties = new Properties();
        properties.setProperty("pipeline.groupId", groupId);
        properties.setProperty("fastrouter.model", server.model());
        context.getPropertiesComponent().setInitialProperties(properties);

        KafkaComponent kafka = new KafkaComponent();
        kafka.getConfiguration().setBrokers(bootstrapServers);
        context.addComponent("kafka", kafka);
        context.addComponent("fastrouter-realtime", server.component());

        CallTracker tracker = new CallTracker(name, observer);
        bindBeans(context, tracker);
        context.start();
        if (yaml) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, YAML_ROUTES));
        } else {
            context.addRoutes(new KafkaPipelineRoutes());
        }
        return new PipelineInstance(name, context, tracker);
    }

    /** The beans the routes refer to: callTracker, commitOffset, callAudioHeaders, subscribeAdapter. */
    static void bindBeans(CamelContext context, CallTracker tracker) {
        RevokedCallsCloser closer = new RevokedCallsCloser(tracker, SESSION_ENDPOINT);
        closer.setCamelContext(context);
        context.getRegistry().bind("callTracker", tracker);
        context.getRegistry().bind("commitOffset", new CommitOffset());
        context.getRegistry().bind("callAudioHeaders", new CallAudioHeaders());
        context.getRegistry().bind(RevokedCallsCloser.BEAN_NAME, closer);
    }

    public String name() {
        return name;
    }

    public CamelContext context() {
        return context;
    }

    public CallTracker tracker() {
        return tracker;
    }

    /** Stops the instance: its consumer leaves the group (its partitions move) and its sessions close. */
    @Override
    public void close() {
        context.stop();
    }

    /** Where the {@code fastrouter-realtime} component connects: the simulator, or FastRouter with a key. */
    public record RealtimeServer(String baseUrl, String apiKey, String model) {
        FastRouterRealtimeComponent component() {
            FastRouterRealtimeComponent realtime = new FastRouterRealtimeComponent();
            if (baseUrl != null) {
                realtime.getConfiguration().setBaseUrl(baseUrl);
            }
            realtime.getConfiguration().setApiKey(apiKey);
            return realtime;
        }
    }
}
