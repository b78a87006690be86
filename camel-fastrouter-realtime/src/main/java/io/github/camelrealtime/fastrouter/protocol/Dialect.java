package io.github.camelrealtime.fastrouter.protocol;

import java.util.Locale;
import java.util.Objects;

/**
 * The two wire shapes of the Realtime API. {@link #BETA} is selected by the handshake header
 * {@code OpenAI-Beta: realtime=v1}, {@link #GA} by its absence. Inside the component every event carries its
 * canonical type, which is the GA name; a dialect translates between that and the names it puts on the wire
 * (for example beta {@code response.audio.delta} is canonical {@code response.output_audio.delta}).
 */
public enum Dialect {
    BETA("beta"),
    GA("ga");

    private final String wireName;

    Dialect(String wireName) {
        this.wireName = wireName;
    }

    /** {@code "beta"} or {@code "ga"}, as in the {@code dialect} option and the dialect header. */
    public String wireName() {
        return wireName;
    }

    /** Parses {@code beta} or {@code ga}, ignoring case. */
    public static Dialect fromName(String name) {
        if (name != null) {
            String normalized = name.trim().toLowerCase(Locale.ROOT);
            for (Dialect dialect : values()) {
                if (dialect.wireName.equals(normalized)) {
                    return dialect;
                }
            }
        }
        throw new IllegalArgumentException("Unknown Realtime dialect '" + name + "': expected beta or ga");
    }

    /**
     * The name this dialect uses on the wire for a canonical type, client and server events alike. Types without a
     * dialect-specific name (including types this dialect lacks and unknown types) are returned unchanged.
     */
    public String wireType(String canonicalType) {
        Objects.requireNonNull(canonicalType, "canonicalType");
        return this == BETA ? EventTypes.CANONICAL_TO_BETA.getOrDefault(canonicalType, canonicalType) : canonicalType;
    }

    /** The canonical (GA) type of a name this dialect puts on the wire; unknown names are returned unchanged. */
    public String canonicalType(String wireType) {
        Objects.requireNonNull(wireType, "wireType");
        return this == BETA ? EventTypes.BETA_TO_CANONICAL.getOrDefault(wireType, wireType) : wireType;
    }
}
