package io.github.camelrealtime.fastrouter;

import java.util.Locale;

/** What one consumer exchange stands for. */
enum Delivery {
    /** One exchange per server event. */
    EVENTS,
    /** One exchange per completed response (or per completed transcript in transcription sessions). */
    RESPONSES;

    static Delivery parse(String option) {
        String value = option == null ? "events" : option.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "events" -> EVENTS;
            case "responses" -> RESPONSES;
            default -> throw new IllegalArgumentException("delivery must be events or responses, not '" + option + "'");
        };
    }
}
