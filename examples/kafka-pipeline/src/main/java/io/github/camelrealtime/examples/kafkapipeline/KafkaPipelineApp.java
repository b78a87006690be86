package io.github.camelrealtime.examples.kafkapipeline;

import java.util.Arrays;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * One pipeline instance under Camel Main, running until stopped (Ctrl-C): start it several times with the same
 * {@code pipeline.groupId} and the instances share the calls. Routes: {@code routes/kafka-pipeline.yaml}, or the Java
 * DSL ones with {@code --java}. Without {@code KAFKA_BOOTSTRAP_SERVERS} it starts an in-process broker (useful alone
 * only), without {@code FASTROUTER_API_KEY} the simulator; it says which.
 */
public final class KafkaPipelineApp {

    private KafkaPipelineApp() {
    }

    public static void main(String[] args) throws Exception {
        PipelineSettings settings = PipelineSettings.fromEnvironment(System.getenv());
        boolean java = Arrays.asList(args).contains("--java");
        EmbeddedKafka broker = null;
        RealtimeSimulator simulator = null;
        try {
            String bootstrap;
            if (settings.embeddedBroker()) {
                broker = EmbeddedKafka.start();
                bootstrap = broker.bootstrapServers();
                System.out.printf("No %s set: started an in-process Kafka broker (KRaft, no Docker) at %s.%n", PipelineSettings.BOOTSTRAP_ENV, bootstrap);
            } else {
                bootstrap = settings.bootstrapServers();
                System.out.printf("Using the Kafka brokers at %s.%n", bootstrap);
            }
            EmbeddedKafka.createTopics(bootstrap, 6);
            PipelineInstance.RealtimeServer server;
            if (settings.useSimulator()) {
                simulator = RealtimeSimulator.builder().build().start();
                server = new PipelineInstance.RealtimeServer(simulator.baseUrl().toString(), simulator.apiKey(), settings.model());
                System.out.printf("No %s set: using the embedded Realtime SIMULATOR at %s.%n", PipelineSettings.API_KEY_ENV, simulator.baseUrl());
            } else {
                server = new PipelineInstance.RealtimeServer(settings.baseUrl(), settings.apiKey(), settings.model());
                System.out.printf("Using %s, model %s.%n", settings.baseUrl() == null ? "FastRouter" : settings.baseUrl(), settings.model());
            }

            Main main = new Main();
            KafkaComponent kafka = new KafkaComponent();
            kafka.getConfiguration().setBrokers(bootstrap);
            main.bind("kafka", kafka);
            main.bind("fastrouter-realtime", server.component());
            main.addInitialProperty("fastrouter.model", server.model());
            // the beans the routes use (see PipelineInstance); the rebalance listener needs the CamelContext to close sessions
            CallTracker tracker = new CallTracker("kafka-pipeline", null);
            RevokedCallsCloser closer = new RevokedCallsCloser(tracker, PipelineInstance.SESSION_ENDPOINT);
            main.bind("callTracker", tracker);
            main.bind("commitOffset", new CommitOffset());
            main.bind("callAudioHeaders", new CallAudioHeaders());
            main.bind(RevokedCallsCloser.BEAN_NAME, closer);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport m) {
                    closer.setCamelContext(m.getCamelContext());
                }
            });
            if (java) {
                main.configure().addRoutesBuilder(new KafkaPipelineRoutes());
            } else {
                main.configure().withRoutesIncludePattern(PipelineInstance.YAML_ROUTES);
            }
            main.run();
        } finally {
            if (simulator != null) {
                simulator.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }
}
