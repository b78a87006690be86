package io.github.camelrealtime.fastrouter.springboot;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of option binds from application properties: durations, numbers, enums, maps, bean references. */
@SpringBootTest(classes = { TestApplication.class, FastRouterRealtimePropertiesBindingTest.Beans.class },
                properties = {
                        "camel.component.fastrouter-realtime.base-url=wss://realtime.example.test/v1/realtime",
                        "camel.component.fastrouter-realtime.api-key=sk-binding-test",
                        "camel.component.fastrouter-realtime.model=openai/gpt-realtime-mini",
                        "camel.component.fastrouter-realtime.dialect=ga",
                        "camel.component.fastrouter-realtime.connect-timeout=2s",
                        "camel.component.fastrouter-realtime.response-timeout=90000",
                        "camel.component.fastrouter-realtime.max-session-duration=10m",
                        "camel.component.fastrouter-realtime.vad-threshold=0.6",
                        "camel.component.fastrouter-realtime.create-response=false",
                        "camel.component.fastrouter-realtime.turn-detection=server_vad",
                        "camel.component.fastrouter-realtime.chunk-millis=40",
                        "camel.component.fastrouter-realtime.headers.openai-project=proj-1",
                        "camel.component.fastrouter-realtime.tool-routes[get_weather]=direct:weather",
                        "camel.component.fastrouter-realtime.ssl-context-parameters=#bean:realtimeTls",
                        "camel.component.fastrouter-realtime.lazy-start-producer=true",
                        "camel.component.fastrouter-realtime.health-check-consumer-enabled=false" })
class FastRouterRealtimePropertiesBindingTest {

    @TestConfiguration
    static class Beans {
        @Bean
        SSLContextParameters realtimeTls() {
            return new SSLContextParameters();
        }
    }

    @Autowired
    CamelContext camelContext;
    @Autowired
    SSLContextParameters realtimeTls;

    @Test
    void everyKindOfOptionReachesTheComponent() {
        FastRouterRealtimeComponent component = camelContext.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class);
        FastRouterRealtimeConfiguration conf = component.getConfiguration();

        assertThat(conf.getBaseUrl()).isEqualTo("wss://realtime.example.test/v1/realtime");
        assertThat(conf.getApiKey()).isEqualTo("sk-binding-test");
        assertThat(conf.getModel()).isEqualTo("openai/gpt-realtime-mini");
        assertThat(conf.getDialect()).isEqualTo("ga");
        assertThat(conf.getConnectTimeout()).isEqualTo(2_000);
        assertThat(conf.getResponseTimeout()).isEqualTo(90_000);
        assertThat(conf.getMaxSessionDuration()).isEqualTo(600_000);
        assertThat(conf.getVadThreshold()).isEqualTo(0.6);
        assertThat(conf.getCreateResponse()).isFalse();
        assertThat(conf.getTurnDetection()).isEqualTo("server_vad");
        assertThat(conf.getChunkMillis()).isEqualTo(40);
        assertThat(conf.getHeaders()).containsEntry("openai-project", "proj-1");
        assertThat(conf.getToolRoutes()).containsEntry("get_weather", "direct:weather");
        assertThat(conf.getSslContextParameters()).isSameAs(realtimeTls);
        assertThat(component.isLazyStartProducer()).isTrue();
        assertThat(component.isHealthCheckConsumerEnabled()).isFalse();
        // unset options keep the component's defaults ("server default" ones stay unset)
        assertThat(conf.getTemperature()).isNull();
        assertThat(conf.getInterruptResponse()).isNull();
        assertThat(conf.getIntent()).isEqualTo("conversation");
        assertThat(conf.isReconnect()).isTrue();
    }
}
