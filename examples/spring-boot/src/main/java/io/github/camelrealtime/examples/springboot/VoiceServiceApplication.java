package io.github.camelrealtime.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small voice service: {@code POST /voice/ask} with a spoken WAV question answers with the spoken WAV reply and its
 * transcript (header {@code X-Transcript}); {@code GET /actuator/health} shows the Realtime session. The component is
 * configured in {@code application.yaml} through camel-fastrouter-realtime-starter; the routes are {@link VoiceRoutes}.
 * Without {@code FASTROUTER_API_KEY} the embedded Realtime simulator answers ({@link EmbeddedSimulatorInitializer}).
 */
@SpringBootApplication
public class VoiceServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(VoiceServiceApplication.class, args);
    }
}
