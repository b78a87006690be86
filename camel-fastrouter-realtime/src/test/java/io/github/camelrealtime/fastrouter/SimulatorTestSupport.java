package io.github.camelrealtime.fastrouter;

import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.test.junit5.CamelTestSupport;

/** Tests run a real CamelContext against the real simulator over real sockets. */
abstract class SimulatorTestSupport extends CamelTestSupport {

    static RealtimeSimulator sim(RealtimeSimulatorExtension extension) {
        return extension.simulator();
    }

    /** An endpoint URI for the simulator: baseUrl, the simulator's key, a short heartbeat so a lost socket shows fast. */
    static String uri(RealtimeSimulator sim, String sessionName, String options) {
        StringBuilder sb = new StringBuilder("fastrouter-realtime:").append(sessionName)
                .append("?baseUrl=").append(sim.baseUrl())
                .append("&apiKey=").append(RealtimeSimulator.DEFAULT_API_KEY)
                .append("&responseTimeout=20s&heartbeatInterval=1s");
        if (options != null && !options.isEmpty()) {
            sb.append('&').append(options);
        }
        return sb.toString();
    }

    /** Client events the simulator received, without the session.update every session sends first. */
    static List<JsonNode> inputEvents(RealtimeSimulator sim) {
        Predicate<JsonNode> settings = e -> {
            String type = e.path("type").asText();
            return type.equals("session.update") || type.equals("transcription_session.update");
        };
        return sim.receivedEvents().stream().filter(settings.negate()).toList();
    }
}
