package io.github.camelrealtime.fastrouter.springboot;

import java.time.Duration;
import java.util.Map;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Spring Boot application context with the starter, against the simulator: the application sets only
 * base-url, api-key and model in its properties; its routes say nothing about the server.
 */
@SpringBootTest(classes = { TestApplication.class, FastRouterRealtimeStarterTest.Routes.class },
                properties = {
                        "management.endpoint.health.show-details=always",
                        "management.endpoint.health.show-components=always",
                        "camel.health.exposure-level=full" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class FastRouterRealtimeStarterTest {

    static final String MODEL = "openai/gpt-realtime";
    static final RealtimeSimulator SIMULATOR = RealtimeSimulator.builder().apiKey("sk-starter-test").build().start();

    @DynamicPropertySource
    static void realtime(DynamicPropertyRegistry registry) {
        registry.add("camel.component.fastrouter-realtime.base-url", () -> SIMULATOR.baseUrl().toString());
        registry.add("camel.component.fastrouter-realtime.api-key", SIMULATOR::apiKey);
        registry.add("camel.component.fastrouter-realtime.model", () -> MODEL);
    }

    @TestConfiguration
    static class Routes {
        @Bean
        SimulatorShutdown simulatorShutdown() {
            return new SimulatorShutdown(SIMULATOR);
        }

        @Bean
        RouteBuilder realtimeRoutes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:ask").routeId("ask")
                            .to(ExchangePattern.InOut, "fastrouter-realtime:assistant?outputModalities=text");
                    // a consumer on its own session: its readiness check is what actuator health shows
                    from("fastrouter-realtime:listener").routeId("listener")
                            .to("log:realtime-events?level=DEBUG");
                }
            };
        }
    }

    @Autowired
    CamelContext camelContext;
    @Autowired
    ProducerTemplate template;
    @Autowired
    HealthEndpoint health;

    @Test
    void textExchangeAgainstTheConfiguredServer() {
        Exchange reply = template.request("direct:ask", e -> e.getIn().setBody("What is the capital of France?"));

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getBody(String.class)).isEqualTo("echo: What is the capital of France?");
        assertThat(reply.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS)).isEqualTo("completed");
        // the properties reached the component: the simulator saw the key (else 401) and the model
        assertThat(SIMULATOR.connections()).anySatisfy(c -> assertThat(c.model()).isEqualTo(MODEL));
        FastRouterRealtimeComponent component = camelContext.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class);
        assertThat(component.getConfiguration().getBaseUrl()).isEqualTo(SIMULATOR.baseUrl().toString());
        assertThat(component.getConfiguration().getModel()).isEqualTo(MODEL);
    }

    @Test
    void consumerReadinessIsUpInActuatorHealth() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HealthDescriptor camel = health.healthForPath("camelHealth");
            assertThat(camel).as("the camelHealth indicator").isNotNull();
            assertThat(camel.getStatus().getCode()).isEqualTo("UP");
            assertThat(details(camel)).containsEntry("consumer:listener", "UP");
        });
    }

    private static Map<String, Object> details(HealthDescriptor descriptor) {
        return ((org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor) descriptor).getDetails();
    }
}
