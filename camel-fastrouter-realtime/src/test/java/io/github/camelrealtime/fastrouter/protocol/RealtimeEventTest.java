package io.github.camelrealtime.fastrouter.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealtimeEventTest {

    @Test
    void idsAreFoundAtTopLevelOrInTheNestedObject() throws Exception {
        RealtimeEvent created = event("{\"type\":\"response.created\",\"event_id\":\"e1\","
                + "\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}");
        RealtimeEvent itemAdded = event("{\"type\":\"response.output_item.added\",\"response_id\":\"resp_1\","
                + "\"output_index\":2,\"item\":{\"id\":\"item_1\",\"type\":\"function_call\",\"call_id\":\"call_1\","
                + "\"name\":\"get_weather\"}}");
        RealtimeEvent argumentsDone = event("{\"type\":\"response.function_call_arguments.done\","
                + "\"response_id\":\"resp_1\",\"item_id\":\"item_1\",\"call_id\":\"call_1\",\"name\":\"get_weather\","
                + "\"arguments\":\"{}\",\"output_index\":2}");

        assertThat(created.eventId()).isEqualTo("e1");
        assertThat(created.responseId()).isEqualTo("resp_1");
        assertThat(created.responseStatus()).isEqualTo("in_progress");
        assertThat(created.itemId()).isNull();
        assertThat(itemAdded.responseId()).isEqualTo("resp_1");
        assertThat(itemAdded.itemId()).isEqualTo("item_1");
        assertThat(itemAdded.callId()).isEqualTo("call_1");
        assertThat(itemAdded.toolName()).isEqualTo("get_weather");
        assertThat(itemAdded.outputIndex()).isEqualTo(2);
        assertThat(itemAdded.contentIndex()).isNull();
        assertThat(argumentsDone.callId()).isEqualTo("call_1");
        assertThat(argumentsDone.toolName()).isEqualTo("get_weather");
        assertThat(argumentsDone.text("arguments")).isEqualTo("{}");
        assertThat(argumentsDone.text("output_index")).isNull();
    }

    @Test
    void errorEventsExposeTheirDetails() throws Exception {
        RealtimeEvent error = event("{\"type\":\"error\",\"event_id\":\"e9\",\"error\":{\"type\":"
                + "\"invalid_request_error\",\"code\":\"beta_api_shape_disabled\",\"message\":\"Use GA\","
                + "\"param\":null,\"event_id\":\"client_1\"}}");

        assertThat(error.isError()).isTrue();
        assertThat(error.errorType()).isEqualTo("invalid_request_error");
        assertThat(error.errorCode()).isEqualTo("beta_api_shape_disabled");
        assertThat(error.errorMessage()).isEqualTo("Use GA");
        assertThat(error.errorEventId()).isEqualTo("client_1");
        assertThat(event("{\"type\":\"response.done\"}").isError()).isFalse();
    }

    @Test
    void ofCopiesItsInputAndPutsTheTypeFirst() throws Exception {
        ObjectNode fields = (ObjectNode) MAPPER.readTree("{\"event_id\":\"e1\",\"type\":\"ignored\",\"item\":{\"a\":1}}");

        RealtimeEvent event = RealtimeEvent.of("response.text.delta", fields);
        ((ObjectNode) fields.get("item")).put("a", 2);

        assertThat(event.type()).isEqualTo("response.output_text.delta");
        assertThat(event.wireType()).isEqualTo("response.text.delta");
        assertThat(event.fields().toString())
                .isEqualTo("{\"type\":\"response.text.delta\",\"event_id\":\"e1\",\"item\":{\"a\":1}}");
    }

    @Test
    void ofWireNamesTheTypeAsTheDialectDoes() {
        RealtimeEvent beta = RealtimeEvent.ofWire("conversation.item.created", Dialect.BETA, null);
        RealtimeEvent ga = RealtimeEvent.ofWire("conversation.item.created", Dialect.GA, null);

        assertThat(beta.type()).isEqualTo("conversation.item.added");
        assertThat(ga.type()).isEqualTo("conversation.item.created");
        assertThat(beta).isNotEqualTo(ga);
    }

    @Test
    void withEventIdSetsReplacesOrRemovesTheId() {
        RealtimeEvent append = RealtimeEvent.audioAppend(new byte[] {1, 2}, 0, 2, null);

        RealtimeEvent withId = append.withEventId("evt_7");
        RealtimeEvent replaced = withId.withEventId("evt_8");

        assertThat(append.eventId()).isNull();
        assertThat(withId.eventId()).isEqualTo("evt_7");
        assertThat(withId.fields().toString()).isEqualTo("{\"type\":\"input_audio_buffer.append\",\"event_id\":\"evt_7\"}");
        assertThat(replaced.eventId()).isEqualTo("evt_8");
        assertThat(replaced.withEventId(null).eventId()).isNull();
        assertThat(replaced.audioCopy()).containsExactly(1, 2);
    }

    @Test
    void toJsonWritesTheAudioAsBase64AndToStringNeverShowsIt() {
        RealtimeEvent delta = RealtimeEvent.outputAudioDelta(
                MAPPER.createObjectNode().put("event_id", "e1").put("delta", "dropped"), new byte[] {0, 1, 2});

        assertThat(delta.toJson())
                .isEqualTo("{\"type\":\"response.output_audio.delta\",\"event_id\":\"e1\",\"delta\":\"AAEC\"}");
        assertThat(delta.toString()).isEqualTo("RealtimeEvent[type=response.output_audio.delta, eventId=e1, audioBytes=3]");
    }

    @Test
    void audioIsASliceOfTheGivenBufferAndEqualityComparesTheSlice() {
        byte[] buffer = {9, 9, 1, 2, 3, 9};
        RealtimeEvent slice = RealtimeEvent.audioAppend(buffer, 2, 3, "e");
        RealtimeEvent copy = RealtimeEvent.audioAppend(new byte[] {1, 2, 3}, 0, 3, "e");

        assertThat(slice.audio()).isSameAs(buffer);
        assertThat(slice.audioOffset()).isEqualTo(2);
        assertThat(slice.audioLength()).isEqualTo(3);
        assertThat(slice).isEqualTo(copy).hasSameHashCodeAs(copy);
        assertThat(slice).isNotEqualTo(RealtimeEvent.audioAppend(new byte[] {1, 2, 4}, 0, 3, "e"));
        assertThatThrownBy(() -> RealtimeEvent.audioAppend(buffer, 4, 3, "e"))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void onlyAudioTypesTakeAudio() {
        RealtimeEvent textDelta = RealtimeEvent.of("response.output_text.delta", null);

        assertThatThrownBy(() -> textDelta.withAudio(new byte[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("response.output_text.delta carry no audio");
    }

    private static RealtimeEvent event(String json) throws Exception {
        return new RealtimeCodec().decodeServer(json, Dialect.GA);
    }
}
