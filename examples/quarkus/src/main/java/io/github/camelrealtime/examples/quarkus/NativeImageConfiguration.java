package io.github.camelrealtime.examples.quarkus;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponentConfigurer;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeConfiguration;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeDevConsole;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeEndpoint;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeEndpointConfigurer;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeEndpointUriFactory;
import io.github.camelrealtime.fastrouter.RealtimeTypeConvertersLoader;
import io.github.camelrealtime.fastrouter.audio.AudioClip;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.session.ResponseResult;
import io.github.camelrealtime.fastrouter.session.SessionUsage;
import io.github.camelrealtime.fastrouter.session.ToolCall;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native mode only (JVM mode, what this example runs, needs none of it): the component is a plain jar, not a Quarkus
 * extension, so nothing registers its classes for reflection at build time.
 * <ul>
 * <li>the classes Camel finds through {@code META-INF/services/org/apache/camel/**} (component, configurers, URI
 * factory, type converter loader, dev console) and the configuration bean, which Camel Main binds
 * {@code camel.component.fastrouter-realtime.*} onto;</li>
 * <li>the event model and reply objects that routes receive as bodies ({@link RealtimeEvent},
 * {@link ResponseResult}, {@link ToolCall}, {@link SessionUsage}, {@link AudioClip}): the component itself reads and
 * writes JSON with Jackson's tree model (no reflection), but a route that marshals these bodies with a Jackson data
 * format does reflect on them.</li>
 * </ul>
 * Resources (the bundled question, tools JSON given as {@code tools=classpath:...}) are listed in
 * {@code quarkus.native.resources.includes} in {@code application.properties}.
 */
@RegisterForReflection(targets = {
        FastRouterRealtimeComponent.class, FastRouterRealtimeEndpoint.class, FastRouterRealtimeConfiguration.class,
        FastRouterRealtimeComponentConfigurer.class, FastRouterRealtimeEndpointConfigurer.class,
        FastRouterRealtimeEndpointUriFactory.class, RealtimeTypeConvertersLoader.class, FastRouterRealtimeDevConsole.class,
        RealtimeEvent.class, ResponseResult.class, ToolCall.class, SessionUsage.class, AudioClip.class })
final class NativeImageConfiguration {

    private NativeImageConfiguration() {
    }
}
