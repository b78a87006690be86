package io.github.camelrealtime.fastrouter.test;

import java.time.Duration;

/**
 * What a {@link RealtimeSimulator.Builder} was given, fixed when the simulator is built (the builder stays mutable).
 * See the builder's methods for each setting.
 *
 * @param apiKey        the key clients must present; null accepts any key or none
 * @param fragmentChars the largest frame of an outgoing text message; 0: no splitting
 * @param responseDelay the initial pause between response events, which {@code setResponseDelay} changes later
 * @param port          the ws:// port; 0: a free one
 */
record SimulatorSettings(String apiKey, boolean gaOnly, boolean tls, int fragmentChars, Duration responseDelay,
        boolean serverVadByDefault, boolean recordAudioPayloads, String defaultModel, int port) {
}
