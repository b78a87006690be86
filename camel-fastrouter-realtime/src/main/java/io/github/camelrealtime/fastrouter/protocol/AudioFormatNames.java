package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/** Audio format names of both dialects: beta strings and GA format objects. */
final class AudioFormatNames {

    static final String PCM16 = "pcm16";
    static final String G711_ULAW = "g711_ulaw";
    static final String G711_ALAW = "g711_alaw";
    static final String ACCEPTED = "pcm16, g711_ulaw, g711_alaw (or the GA names audio/pcm, audio/pcmu, audio/pcma)";

    private AudioFormatNames() {
    }

    /** The beta name for a beta or GA format name, or null when the name is not a supported format. */
    static String betaName(String anyName) {
        if (anyName == null) {
            return null;
        }
        return switch (anyName.trim().toLowerCase(Locale.ROOT)) {
            case PCM16, "audio/pcm" -> PCM16;
            case G711_ULAW, "audio/pcmu" -> G711_ULAW;
            case G711_ALAW, "audio/pcma" -> G711_ALAW;
            default -> null;
        };
    }

    /** The GA format object for a beta name: {@code {type:"audio/pcm", rate:24000}}, {@code {type:"audio/pcmu"}}... */
    static ObjectNode gaFormat(String betaName) {
        ObjectNode format = Json.NODES.objectNode();
        switch (betaName) {
            case PCM16 -> format.put("type", "audio/pcm").put("rate", 24000);
            case G711_ULAW -> format.put("type", "audio/pcmu");
            case G711_ALAW -> format.put("type", "audio/pcma");
            default -> throw new IllegalArgumentException("Not a beta audio format name: " + betaName);
        }
        return format;
    }
}
