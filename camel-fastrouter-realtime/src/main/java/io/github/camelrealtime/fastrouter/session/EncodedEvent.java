package io.github.camelrealtime.fastrouter.session;

/** A client event ready for the socket: its {@code event_id} (for error correlation), canonical type and JSON text. */
public record EncodedEvent(String eventId, String type, CharSequence json) {
}
