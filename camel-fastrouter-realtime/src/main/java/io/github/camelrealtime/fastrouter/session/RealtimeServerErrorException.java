package io.github.camelrealtime.fastrouter.session;

/**
 * The server answered a client event with an {@code error} event whose {@code error.event_id} names that client event.
 * Exposes the fields of the server's error object as they came.
 */
public final class RealtimeServerErrorException extends RealtimeException {

    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final String errorCode;
    private final String serverMessage;
    private final String param;
    private final String eventId;

    public RealtimeServerErrorException(String errorType, String errorCode, String serverMessage, String param, String eventId) {
        super(describe(errorType, errorCode, serverMessage, param, eventId));
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
        this.param = param;
        this.eventId = eventId;
    }

    private static String describe(String type, String code, String message, String param, String eventId) {
        StringBuilder sb = new StringBuilder("Realtime server error");
        if (code != null) {
            sb.append(" [").append(code).append(']');
        }
        sb.append(": ").append(message == null ? "(no message)" : message);
        if (param != null) {
            sb.append(" (param ").append(param).append(')');
        }
        if (type != null) {
            sb.append(" type=").append(type);
        }
        if (eventId != null) {
            sb.append(" event_id=").append(eventId);
        }
        return sb.toString();
    }

    public String getErrorType() {
        return errorType;
    }

    public String getErrorCode() {
        return errorCode;
    }

    public String getServerMessage() {
        return serverMessage;
    }

    public String getParam() {
        return param;
    }

    public String getEventId() {
        return eventId;
    }
}
