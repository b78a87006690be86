package io.github.camelrealtime.fastrouter.springboot;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

/**
 * Configures the {@code fastrouter-realtime} component from {@code camel.component.fastrouter-realtime.*}, the way
 * Camel's own starters do: a {@link ComponentCustomizer} that Camel applies when it creates the component (on first
 * use by a route, or when looked up), copying every property that is set onto it through the component's generated
 * configurer. Switched off with {@code camel.component.fastrouter-realtime.enabled=false} (or
 * {@code camel.component.enabled=false} for all components); {@code ...customizer.enabled=false} keeps the
 * properties bound but does not apply them.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, FastRouterRealtimeComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.fastrouter-realtime" })
@Import(FastRouterRealtimeComponentConverter.class)
public class FastRouterRealtimeComponentAutoConfiguration {

    private final ApplicationContext applicationContext;
    private final FastRouterRealtimeComponentConfiguration configuration;

    public FastRouterRealtimeComponentAutoConfiguration(ApplicationContext applicationContext,
                                                        FastRouterRealtimeComponentConfiguration configuration) {
        this.applicationContext = applicationContext;
        this.configuration = configuration;
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureFastRouterRealtimeComponent() {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelContext camelContext = target.getCamelContext();
                CamelPropertiesHelper.copyProperties(camelContext, configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                        "camel.component.fastrouter-realtime.customizer")
                       && target instanceof FastRouterRealtimeComponent;
            }
        };
    }
}
