package io.github.camelrealtime.fastrouter.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RealtimeUrisTest {

    @Test
    void addsTheEncodedModel() {
        assertThat(RealtimeUris.build("wss://api.fastrouter.ai/v1/realtime", "openai/gpt-4o realtime", null, null))
                .hasToString("wss://api.fastrouter.ai/v1/realtime?model=openai%2Fgpt-4o%20realtime");
    }

    @Test
    void omitsTheDefaultIntentAndAddsOthers() {
        assertThat(RealtimeUris.build("wss://h/v1/realtime", "m", "conversation", null)).hasToString("wss://h/v1/realtime?model=m");
        assertThat(RealtimeUris.build("wss://h/v1/realtime", "m", null, null)).hasToString("wss://h/v1/realtime?model=m");
        assertThat(RealtimeUris.build("wss://h/v1/realtime", "m", "transcription", null))
                .hasToString("wss://h/v1/realtime?model=m&intent=transcription");
    }

    @Test
    void callIdNeedsNoModel() {
        assertThat(RealtimeUris.build("wss://h/v1/realtime", null, null, "rtc_abc&1"))
                .hasToString("wss://h/v1/realtime?call_id=rtc_abc%261");
        assertThat(RealtimeUris.build("wss://h/v1/realtime", " ", "", null)).hasToString("wss://h/v1/realtime");
    }

    @Test
    void keepsAnExistingQueryAndReplacesParametersItSets() {
        assertThat(RealtimeUris.build("wss://x.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&model=old",
                "gpt-realtime", null, null))
                .hasToString("wss://x.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&model=gpt-realtime");
        assertThat(RealtimeUris.build("ws://127.0.0.1:8080/v1/realtime?deployment=a", null, null, null))
                .hasToString("ws://127.0.0.1:8080/v1/realtime?deployment=a");
    }

    @Test
    void acceptsHttpSchemesAsWebSocketSchemes() {
        assertThat(RealtimeUris.build("https://api.fastrouter.ai/v1/realtime", null, null, null))
                .hasToString("wss://api.fastrouter.ai/v1/realtime");
        assertThat(RealtimeUris.build("http://localhost:9/v1/realtime", null, null, null))
                .hasToString("ws://localhost:9/v1/realtime");
    }

    @Test
    void refusesUnusableBaseUrls() {
        assertThatThrownBy(() -> RealtimeUris.build("ftp://h/x", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://");
        assertThatThrownBy(() -> RealtimeUris.build("api.fastrouter.ai/v1/realtime", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wss://");
        assertThatThrownBy(() -> RealtimeUris.build("wss://h/v1#frag", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fragment");
        assertThatThrownBy(() -> RealtimeUris.build(" ", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RealtimeUris.build("wss://h h/", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid URI");
    }

    @Test
    void redactsUserInfoAndCredentialParameters() {
        URI uri = URI.create("wss://user:pw@x.azure.com:443/openai/realtime?api-key=s3cr3t&model=m&access_token=t0k&sig=abc");
        assertThat(RealtimeUris.redact(uri))
                .isEqualTo("wss://x.azure.com:443/openai/realtime?api-key=***&model=m&access_token=***&sig=***");
        assertThat(RealtimeUris.redact(URI.create("wss://api.fastrouter.ai/v1/realtime?model=openai%2Fgpt-realtime")))
                .isEqualTo("wss://api.fastrouter.ai/v1/realtime?model=openai%2Fgpt-realtime");
    }

    @ParameterizedTest
    @CsvSource({
            "ws://localhost:8080/v1, true",
            "ws://LOCALHOST/v1, true",
            "ws://127.0.0.1/v1, true",
            "ws://127.12.0.3:1/v1, true",
            "ws://[::1]:8080/v1, true",
            "ws://[0:0:0:0:0:0:0:1]/v1, true",
            "ws://128.0.0.1/v1, false",
            "ws://10.0.0.1/v1, false",
            "ws://[::2]/v1, false",
            "ws://localhost.example.com/v1, false",
            "ws://127.0.0.1.nip.io/v1, false",
            "wss://api.fastrouter.ai/v1/realtime, false"})
    void recognisesLoopbackHostsWithoutResolvingNames(String uri, boolean loopback) {
        assertThat(RealtimeUris.isLoopback(URI.create(uri))).isEqualTo(loopback);
    }
}
