package io.github.camelrealtime.fastrouter.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseStatusTest {

    @ParameterizedTest
    @CsvSource({
            "1000, NORMAL, false",
            "1001, GOING_AWAY, true",
            "1002, PROTOCOL_ERROR, false",
            "1003, PROTOCOL_ERROR, false",
            "1005, ABNORMAL, true",
            "1006, ABNORMAL, true",
            "1007, PROTOCOL_ERROR, false",
            "1008, REQUEST_REJECTED, false",
            "1009, MESSAGE_TOO_BIG, false",
            "1011, SERVER_ERROR, true",
            "1012, SERVER_ERROR, true",
            "1013, SERVER_ERROR, true",
            "1014, SERVER_ERROR, true",
            "3000, AUTHENTICATION, false",
            "4000, REQUEST_REJECTED, false",
            "4001, OTHER, false",
            "1015, OTHER, false"})
    void classifiesCloseCodes(int code, CloseKind kind, boolean retryable) {
        CloseStatus status = new CloseStatus(code, "r", null);
        assertThat(status.kind()).isEqualTo(kind);
        assertThat(status.retryable()).isEqualTo(retryable);
    }

    @Test
    void describesCodeKindReasonAndCause() {
        assertThat(new CloseStatus(4000, "invalid_request_error.invalid_model", null).describe())
                .isEqualTo("4000 REQUEST_REJECTED \"invalid_request_error.invalid_model\"");
        assertThat(new CloseStatus(1006, null, new IOException("reset")).describe())
                .isEqualTo("1006 ABNORMAL (java.io.IOException: reset)");
        assertThat(new CloseStatus(1000, null, null).reason()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"400, false", "401, false", "402, false", "403, false", "404, false", "408, true", "429, true",
            "500, true", "502, true", "503, true", "101, false"})
    void handshakeStatusesWorthRetrying(int status, boolean retryable) {
        assertThat(new RealtimeHandshakeException(status, null, null, null, null, null, null).retryable())
                .isEqualTo(retryable);
    }
}
