package io.github.camelrealtime.fastrouter.audio;

import java.io.IOException;

/**
 * Audio that cannot be read or converted: a compressed or unknown WAV encoding, a truncated or garbled header, a
 * container that is not WAV. The message names what was found, e.g.
 * {@code "WAV encoding 0x0055 (MPEG Layer 3) is not supported; ..."}.
 */
public final class AudioFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public AudioFormatException(String message) {
        super(message);
    }
}
