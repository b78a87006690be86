package io.github.camelrealtime.fastrouter.springboot;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camel.component.fastrouter-realtime.enabled=false} switches the auto-configuration off: nothing is bound or
 * applied, and a component Camel creates anyway (a route naming the scheme) has only its own defaults.
 */
@SpringBootTest(classes = TestApplication.class,
                properties = {
                        "camel.component.fastrouter-realtime.enabled=false",
                        "camel.component.fastrouter-realtime.base-url=ws://127.0.0.1:9/v1/realtime",
                        "camel.component.fastrouter-realtime.model=openai/gpt-realtime" })
class FastRouterRealtimeStarterDisabledTest {

    @Autowired
    ApplicationContext applicationContext;
    @Autowired
    CamelContext camelContext;

    @Test
    void disabledMeansNotConfigured() {
        assertThat(applicationContext.getBeansOfType(FastRouterRealtimeComponentAutoConfiguration.class)).isEmpty();
        assertThat(applicationContext.getBeansOfType(FastRouterRealtimeComponentConfiguration.class)).isEmpty();
        assertThat(applicationContext.containsBean("configureFastRouterRealtimeComponent")).isFalse();

        FastRouterRealtimeComponent component = camelContext.getComponent("fastrouter-realtime", FastRouterRealtimeComponent.class);
        assertThat(component.getConfiguration().getBaseUrl()).isEqualTo("wss://api.fastrouter.ai/v1/realtime");
        assertThat(component.getConfiguration().getModel()).isNull();
    }
}
