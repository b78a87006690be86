package io.github.camelrealtime.fastrouter;

import java.util.Locale;

/** The body an InOut reply (and a {@code delivery=responses} exchange) carries. */
enum ReplyFormat {
    TEXT, AUDIO, WAV, RESPONSE;

    /** {@code auto} is text for text sessions and WAV for audio sessions. */
    static ReplyFormat resolve(String option, boolean textOutput) {
        String value = option == null ? "auto" : option.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto" -> textOutput ? TEXT : WAV;
            case "text" -> TEXT;
            case "audio" -> AUDIO;
            case "wav" -> WAV;
            case "response" -> RESPONSE;
            default -> throw new IllegalArgumentException("replyFormat must be auto, text, audio, wav or response, not '" + option + "'");
        };
    }
}
