package io.github.camelrealtime.fastrouter.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionSettingsTest {

    private static final URI URI_OK = URI.create("wss://api.fastrouter.ai/v1/realtime?model=m");

    @Test
    void appliesDefaultsAndCopiesHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("OpenAI-Beta", "realtime=v1");
        ConnectionSettings settings = new ConnectionSettings(URI_OK, headers, null, 1024, 8);
        headers.put("X-Later", "ignored");

        assertThat(settings.headers()).containsOnlyKeys("OpenAI-Beta");
        assertThat(settings.connectTimeout()).isEqualTo(ConnectionSettings.DEFAULT_CONNECT_TIMEOUT);
        assertThat(settings.closeTimeout()).isEqualTo(ConnectionSettings.DEFAULT_CLOSE_TIMEOUT);
        assertThat(new ConnectionSettings(URI_OK, null, null, 1, 1).headers()).isEmpty();
    }

    @Test
    void toStringNeverShowsCredentials() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer sk-v1-secret-value");
        headers.put("api-key", "azure-secret");
        headers.put("OpenAI-Beta", "realtime=v1");
        URI uri = URI.create("wss://x.azure.com/openai/realtime?api-key=query-secret");

        String text = new ConnectionSettings(uri, headers, Duration.ofSeconds(3), 1024, 8).toString();

        assertThat(text).doesNotContain("secret").contains("Authorization=***", "api-key=***", "OpenAI-Beta=realtime=v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "Upgrade", "host", "Content-Length", "Expect", "Sec-WebSocket-Protocol",
            "sec-websocket-key"})
    void refusesHeadersTheJdkSetsItself(String name) {
        assertThatThrownBy(() -> new ConnectionSettings(URI_OK, Map.of(name, "x"), null, 1024, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name).hasMessageContaining("JDK");
    }

    @Test
    void refusesHeaderValuesThatWouldSplitTheRequestWithoutShowingThem() {
        assertThatThrownBy(() -> new ConnectionSettings(URI_OK, Map.of("Authorization", "Bearer sk-v1-x\r\nX: y"), null, 1024, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Authorization")
                .hasMessageNotContaining("sk-v1-x");
        assertThatThrownBy(() -> new ConnectionSettings(URI_OK, Map.of("Bad Name", "v"), null, 1024, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad Name");
    }

    @Test
    void refusesUnusableValues() {
        assertThatThrownBy(() -> new ConnectionSettings(URI.create("https://h/v1"), null, null, 1024, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
        assertThatThrownBy(() -> new ConnectionSettings(URI_OK, null, null, 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> new ConnectionSettings(URI_OK, null, null, 1024, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendQueueCapacity");
        assertThatThrownBy(() -> new ConnectionSettings(URI_OK, null, Duration.ZERO, 1024, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
    }
}
