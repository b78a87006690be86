package io.github.camelrealtime.fastrouter.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResponsesTest {

    @RegisterExtension
    static RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.serverVadByDefault(false));

    private static TestClient ga(RealtimeSimulator sim) {
        TestClient client = TestClient.connect(sim.baseUrl(), TestClient.ga());
        client.await("session.created");
        return client;
    }

    private static TestClient beta(RealtimeSimulator sim) {
        TestClient client = TestClient.connect(sim.baseUrl(), TestClient.beta());
        client.await("session.created");
        return client;
    }

    private static String userText(String text) {
        return "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\""
                + text + "\"}]}}";
    }

    private static String joined(List<JsonNode> deltas) {
        return deltas.stream().map(d -> d.path("delta").asText()).collect(Collectors.joining());
    }

    private static byte[] audioOf(List<JsonNode> deltas) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        deltas.forEach(d -> out.writeBytes(Base64.getDecoder().decode(d.path("delta").asText())));
        return out.toByteArray();
    }

    @Test
    void gaTextEchoFollowsTheRealEventSequence(RealtimeSimulator sim) {
        try (TestClient client = ga(sim)) {
            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"]}}");
            client.await("session.updated");
            client.send(userText("hello simulated world"));
            JsonNode added = client.await("conversation.item.added");
            assertThat(added.path("item").path("content").get(0).path("text").asText()).isEqualTo("hello simulated world");
            client.await("conversation.item.done");
            client.send("{\"type\":\"response.create\"}");
            JsonNode done = client.await("response.done");
            client.await("rate_limits.updated");
            List<String> types = client.types();
            List<String> response = types.subList(types.indexOf("response.created"), types.size());
            assertThat(response).containsExactly("response.created", "response.output_item.added", "conversation.item.added",
                    "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                    "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
                    "response.content_part.done", "response.output_item.done", "conversation.item.done", "response.done",
                    "rate_limits.updated");
            assertThat(joined(client.events("response.output_text.delta"))).isEqualTo("echo: hello simulated world");
            assertThat(client.events("response.output_text.delta")).allSatisfy(d -> assertThat(d.has("obfuscation")).isTrue());
            assertThat(client.await("response.output_text.done").path("text").asText()).isEqualTo("echo: hello simulated world");
            JsonNode r = done.path("response");
            assertThat(r.path("status").asText()).isEqualTo("completed");
            assertThat(r.path("conversation_id").asText()).startsWith("conv_");
            assertThat(r.path("output").get(0).path("content").get(0).path("type").asText()).isEqualTo("output_text");
            assertThat(r.path("usage").path("output_tokens").asInt()).isEqualTo(7);
            assertThat(r.path("usage").path("input_tokens").asInt()).isEqualTo(6);
            assertThat(client.await("rate_limits.updated").path("rate_limits")).hasSize(1);
        }
    }

    @Test
    void betaTextIsSpokenAsToneWithTranscript(RealtimeSimulator sim) {
        try (TestClient client = beta(sim)) {
            client.send(userText("hi"));
            client.await("conversation.item.created");
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done");
            assertThat(client.types()).doesNotContain("response.output_audio.delta", "conversation.item.added");
            String transcript = joined(client.events("response.audio_transcript.delta"));
            assertThat(transcript).isEqualTo("echo: hi");
            byte[] audio = audioOf(client.events("response.audio.delta"));
            assertThat(audio).hasSize("echo: hi".length() * 60 * 48);
            assertThat(SimulatorAudio.rms(audio, SimulatorAudioFormat.PCM16)).isBetween(0.2, 0.22);
            assertThat(client.events("response.audio.delta")).allSatisfy(d -> assertThat(d.has("obfuscation")).isFalse());
            assertThat(client.await("rate_limits.updated").path("rate_limits")).hasSize(2);
        }
    }

    @Test
    void audioIsEchoedExactlyWithTheSimulatedTranscript(RealtimeSimulator sim) {
        try (TestClient client = ga(sim)) {
            byte[] input = SimulatorAudio.concat(SimulatorAudio.tone(SimulatorAudioFormat.PCM16, 300, 250, 0.4),
                    SimulatorAudio.noise(SimulatorAudioFormat.PCM16, 250, -20, 7));
            client.appendAudio(input, 4800);
            client.send("{\"type\":\"input_audio_buffer.commit\"}");
            JsonNode committed = client.await("input_audio_buffer.committed");
            assertThat(committed.path("previous_item_id").isNull()).isTrue();
            JsonNode item = client.await("conversation.item.added").path("item");
            assertThat(item.path("id").asText()).isEqualTo(committed.path("item_id").asText());
            assertThat(item.path("content").get(0).path("type").asText()).isEqualTo("input_audio");
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done");
            List<JsonNode> deltas = client.events("response.output_audio.delta");
            assertThat(deltas).hasSize(5);
            assertThat(audioOf(deltas)).isEqualTo(input);
            assertThat(client.await("response.output_audio_transcript.done").path("transcript").asText())
                    .isEqualTo("[simulated transcript of 0.50 s of audio]");
            assertThat(client.await("response.content_part.added").path("part").path("type").asText()).isEqualTo("audio");
        }
    }

    @Test
    void audioIsConvertedWhenTheOutputFormatDiffers(RealtimeSimulator sim) {
        try (TestClient client = beta(sim)) {
            client.send("{\"type\":\"session.update\",\"session\":{\"input_audio_format\":\"g711_ulaw\",\"output_audio_format\":\"pcm16\"}}");
            client.await("session.updated");
            byte[] input = SimulatorAudio.tone(SimulatorAudioFormat.G711_ULAW, 400, 200, 0.5);
            client.appendAudio(input, 160);
            client.send("{\"type\":\"input_audio_buffer.commit\"}");
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done");
            byte[] output = audioOf(client.events("response.audio.delta"));
            assertThat(output).hasSize(200 * 48);
            assertThat(SimulatorAudio.rms(output, SimulatorAudioFormat.PCM16))
                    .isCloseTo(SimulatorAudio.rms(input, SimulatorAudioFormat.G711_ULAW), org.assertj.core.data.Offset.offset(0.02));
        }
    }

    @Test
    void commitNeedsAtLeast100Milliseconds(RealtimeSimulator sim) {
        try (TestClient client = ga(sim)) {
            String empty = client.send("{\"type\":\"input_audio_buffer.commit\"}");
            assertThat(client.awaitError(empty).path("message").asText()).isEqualTo("Error committing input audio buffer: buffer too small."
                    + " Expected at least 100ms of audio, but buffer only has 0.00ms of audio.");
            client.appendAudio(SimulatorAudio.silence(SimulatorAudioFormat.PCM16, 50), 4800);
            String shortOne = client.send("{\"type\":\"input_audio_buffer.commit\"}");
            JsonNode error = client.awaitError(shortOne);
            assertThat(error.path("code").asText()).isEqualTo("input_audio_buffer_commit_empty");
            assertThat(error.path("message").asText()).endsWith("buffer only has 50.00ms of audio.");
            client.send("{\"type\":\"input_audio_buffer.clear\"}");
            client.await("input_audio_buffer.cleared");
            client.appendAudio(SimulatorAudio.silence(SimulatorAudioFormat.PCM16, 100), 4800);
            client.send("{\"type\":\"input_audio_buffer.commit\"}");
            client.await("input_audio_buffer.committed");
        }
    }

    @Test
    void onlyOneResponseMayBeActiveAndCancelEndsIt() {
        try (RealtimeSimulator slow = RealtimeSimulator.builder().serverVadByDefault(false).responseDelay(java.time.Duration.ofMillis(30)).build().start();
                TestClient client = ga(slow)) {
            client.send(userText("a long enough sentence to keep the response busy for a while"));
            client.send("{\"type\":\"response.create\"}");
            String id = client.await("response.created").path("response").path("id").asText();
            String second = client.send("{\"type\":\"response.create\"}");
            JsonNode error = client.awaitError(second);
            assertThat(error.path("code").asText()).isEqualTo("conversation_already_has_active_response");
            assertThat(error.path("message").asText()).isEqualTo("Conversation already has an active response in progress: " + id
                    + ". Wait until the response is finished before creating a new one.");
            client.send("{\"type\":\"response.cancel\"}");
            JsonNode done = client.await("response.done").path("response");
            assertThat(done.path("status").asText()).isEqualTo("cancelled");
            assertThat(done.path("status_details").path("reason").asText()).isEqualTo("client_cancelled");
            assertThat(done.path("status_details").path("type").asText()).isEqualTo("cancelled");
            String again = client.send("{\"type\":\"response.cancel\"}");
            JsonNode notActive = client.awaitError(again);
            assertThat(notActive.path("code").asText()).isEqualTo("response_cancel_not_active");
            assertThat(notActive.path("message").asText()).isEqualTo("Cancellation failed: no active response found");
            TestClient.sleep(100);
            assertThat(client.events("response.done")).hasSize(1);
        }
    }

    @Test
    void namedToolsAreCalledInOrderOfMentionAndOutputsAnswered(RealtimeSimulator sim) {
        try (TestClient client = ga(sim)) {
            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"],\"tools\":["
                    + "{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}},"
                    + "{\"type\":\"function\",\"name\":\"get_time\",\"parameters\":{\"type\":\"object\"}},"
                    + "{\"type\":\"function\",\"name\":\"unused_tool\",\"parameters\":{\"type\":\"object\"}}]}}");
            client.await("session.updated");
            client.send(userText("what is get_time in Paris and then get_weather there"));
            client.send("{\"type\":\"response.create\"}");
            JsonNode done = client.await("response.done").path("response");
            JsonNode output = done.path("output");
            assertThat(output).hasSize(2);
            assertThat(output.get(0).path("type").asText()).isEqualTo("function_call");
            assertThat(output.get(0).path("name").asText()).isEqualTo("get_time");
            assertThat(output.get(1).path("name").asText()).isEqualTo("get_weather");
            String expectedArguments = "{\"query\":\"what is get_time in Paris and then get_weather there\"}";
            List<JsonNode> argumentsDone = client.events("response.function_call_arguments.done");
            assertThat(argumentsDone).hasSize(2);
            assertThat(argumentsDone.get(0).path("arguments").asText()).isEqualTo(expectedArguments);
            assertThat(argumentsDone.get(0).path("name").asText()).isEqualTo("get_time");
            assertThat(argumentsDone.get(1).path("output_index").asInt()).isEqualTo(1);
            String callId = argumentsDone.get(0).path("call_id").asText();
            assertThat(callId).startsWith("call_").isEqualTo(output.get(0).path("call_id").asText());
            assertThat(joined(client.events("response.function_call_arguments.delta").stream()
                    .filter(d -> d.path("call_id").asText().equals(callId)).toList())).isEqualTo(expectedArguments);
            JsonNode firstAdded = client.await("response.output_item.added").path("item");
            assertThat(firstAdded.path("arguments").asText()).isEmpty();
            assertThat(firstAdded.path("status").asText()).isEqualTo("in_progress");

            client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\"" + callId
                    + "\",\"output\":\"12:00\"}}");
            client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\""
                    + argumentsDone.get(1).path("call_id").asText() + "\",\"output\":\"sunny\"}}");
            client.await("conversation.item.done", 5);
            TestClient.sleep(50);
            assertThat(client.events("response.created")).hasSize(1);
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done", 2);
            assertThat(client.events("response.output_text.done").get(0).path("text").asText()).isEqualTo("tool results: 12:00; sunny");
        }
    }

    @Test
    void betaFunctionCallArgumentsDoneHasNoName(RealtimeSimulator sim) {
        try (TestClient client = beta(sim)) {
            client.send("{\"type\":\"session.update\",\"session\":{\"tools\":[{\"type\":\"function\",\"name\":\"lookup\"}]}}");
            client.await("session.updated");
            client.send(userText("please LOOKUP the order"));
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done");
            JsonNode argumentsDone = client.await("response.function_call_arguments.done");
            assertThat(argumentsDone.has("name")).isFalse();
            assertThat(client.await("response.output_item.added").path("item").path("name").asText()).isEqualTo("lookup");
        }
    }

    @Test
    void truncateChecksItemAudioAndBounds(RealtimeSimulator sim) {
        try (TestClient client = ga(sim)) {
            String unknown = client.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"item_nope\",\"content_index\":0,\"audio_end_ms\":10}");
            assertThat(client.awaitError(unknown).path("code").asText()).isEqualTo("invalid_value");
            client.send(userText("hello"));
            String textItem = client.await("conversation.item.added").path("item").path("id").asText();
            String noAudio = client.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"" + textItem + "\",\"content_index\":0,\"audio_end_ms\":10}");
            assertThat(client.awaitError(noAudio).path("code").asText()).isEqualTo("unsupported_content_type");
            client.send("{\"type\":\"response.create\"}");
            JsonNode done = client.await("response.done").path("response");
            String assistant = done.path("output").get(0).path("id").asText();
            int generated = "echo: hello".length() * 60;
            String tooLong = client.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"" + assistant + "\",\"content_index\":0,\"audio_end_ms\":5000}");
            JsonNode error = client.awaitError(tooLong);
            assertThat(error.path("code").asText()).isEqualTo("invalid_value");
            assertThat(error.path("message").asText()).isEqualTo("Audio content of " + generated + "ms is already shorter than 5000ms");
            client.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"" + assistant + "\",\"content_index\":0,\"audio_end_ms\":300}");
            JsonNode truncated = client.await("conversation.item.truncated");
            assertThat(truncated.path("item_id").asText()).isEqualTo(assistant);
            assertThat(truncated.path("audio_end_ms").asInt()).isEqualTo(300);
            assertThat(truncated.path("content_index").asInt()).isZero();
        }
    }

    @Test
    void outOfBandResponsesRunInParallelWithTheirMetadata() {
        try (RealtimeSimulator paced = RealtimeSimulator.builder().serverVadByDefault(false).responseDelay(java.time.Duration.ofMillis(5)).build().start();
                TestClient client = ga(paced)) {
            client.send(userText("in conversation"));
            client.send("{\"type\":\"response.create\"}");
            for (String tag : List.of("first", "second")) {
                client.send("{\"type\":\"response.create\",\"response\":{\"conversation\":\"none\",\"output_modalities\":[\"text\"],"
                        + "\"metadata\":{\"tag\":\"" + tag + "\"},\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"input_text\",\"text\":\"classify " + tag + "\"}]}]}}");
            }
            client.await("response.done", 3);
            List<JsonNode> created = client.events("response.created");
            assertThat(created).hasSize(3);
            assertThat(client.events("error")).isEmpty();
            for (String tag : List.of("first", "second")) {
                JsonNode c = created.stream().filter(e -> tag.equals(e.path("response").path("metadata").path("tag").asText())).findFirst().orElseThrow();
                String id = c.path("response").path("id").asText();
                assertThat(c.path("response").path("conversation_id").isNull()).isTrue();
                JsonNode done = client.events("response.done").stream().filter(e -> id.equals(e.path("response").path("id").asText())).findFirst().orElseThrow();
                assertThat(done.path("response").path("metadata").path("tag").asText()).isEqualTo(tag);
                String text = joined(client.events("response.output_text.delta").stream().filter(d -> id.equals(d.path("response_id").asText())).toList());
                assertThat(text).isEqualTo("echo: classify " + tag);
            }
            List<String> types = client.types();
            assertThat(types.lastIndexOf("response.created")).isLessThan(types.indexOf("response.done"));
            assertThat(client.events("conversation.item.added")).hasSize(2);
        }
    }

    @Test
    void failNextResponseEndsItWithRateLimitStatus(RealtimeSimulator sim) {
        sim.failNextResponse("rate_limit_exceeded", "Rate limit reached for gpt-realtime. Please try again in 1.2s.");
        try (TestClient client = ga(sim)) {
            client.send("{\"type\":\"response.create\"}");
            JsonNode done = client.await("response.done").path("response");
            assertThat(done.path("status").asText()).isEqualTo("failed");
            assertThat(done.path("status_details").path("type").asText()).isEqualTo("failed");
            assertThat(done.path("status_details").path("error").path("type").asText()).isEqualTo("tokens");
            assertThat(done.path("status_details").path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
            client.send("{\"type\":\"response.create\"}");
            JsonNode second = client.await("response.done", 2).path("response");
            assertThat(second.path("status").asText()).isEqualTo("completed");
            assertThat(client.await("response.output_audio_transcript.done").path("transcript").asText())
                    .isEqualTo("Hello from the Realtime simulator.");
        }
    }

    @Test
    void sayInstructionsAreAnsweredVerbatim(RealtimeSimulator sim) {
        try (TestClient client = ga(sim)) {
            client.send(userText("ignored"));
            client.send("{\"type\":\"response.create\",\"response\":{\"instructions\":\"Say: Welcome to the hotline.\",\"output_modalities\":[\"text\"]}}");
            assertThat(client.await("response.output_text.done").path("text").asText()).isEqualTo("Welcome to the hotline.");
        }
    }

    @Test
    void anImageIsAnsweredWithItsTypeSizeAndDetailAndAnUnknownDetailIsAnError(RealtimeSimulator sim) {
        String png = "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
        try (TestClient client = ga(sim)) {
            client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"]}}");
            client.await("session.updated");
            client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":["
                    + "{\"type\":\"input_image\",\"image_url\":\"" + png + "\",\"detail\":\"high\"}]}}");
            client.await("conversation.item.done");
            client.send("{\"type\":\"response.create\"}");
            client.await("response.done");
            assertThat(joined(client.events("response.output_text.delta"))).isEqualTo("echo: [image/png, 6 bytes, detail high]");

            String eventId = client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_image\",\"image_url\":\"" + png + "\",\"detail\":\"ultra\"}]}}");
            JsonNode error = client.awaitError(eventId);
            assertThat(error.path("code").asText()).isEqualTo("invalid_value");
            assertThat(error.path("message").asText()).isEqualTo("Invalid value: 'ultra'. Supported values are: 'auto', 'low' and 'high'.");
            assertThat(error.path("param").asText()).isEqualTo("item.content[0].detail");
        }
    }

    @Test
    void anEventIsInTheRecordsBeforeItsAnswerIsSent(RealtimeSimulator sim) {
        try (TestClient client = ga(sim)) {
            for (int i = 0; i < 20; i++) {
                String instructions = "n" + i;
                String eventId = client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"" + instructions + "\"}}");
                client.awaitMatching(e -> e.path("session").path("instructions").asText().equals(instructions), 1, "session.updated " + i);
                // no waiting: a test that saw the answer counts the event at once
                assertThat(sim.lastConnection().received("session.update")).hasSize(i + 1)
                        .last().satisfies(e -> assertThat(e.path("event_id").asText()).isEqualTo(eventId));
            }
        }
    }
}
