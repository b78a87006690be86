package io.github.camelrealtime.fastrouter.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.protocol.Dialect;
import io.github.camelrealtime.fastrouter.protocol.RealtimeCodec;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversation's decisions, fed recorded server event sequences (the live captures, and one sequence per fault of
 * issue 7) without a socket or a thread: what it asks the session to do is the whole observable behaviour.
 */
class ConversationTest {

    private static final Path CAPTURES = Path.of(
            "../camel-fastrouter-realtime-test/src/main/resources/io/github/camelrealtime/fastrouter/test/captures");
    private static final String KEY = "sk-secret-conversation-test";
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

    private final RealtimeCodec codec = new RealtimeCodec();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger turns = new AtomicInteger();
    private final Conversation conversation = new Conversation("test", AudioFormat.PCM16, tool -> tool.equals("routed"),
            () -> false, calls -> TurnInput.NONE, approvals -> TurnInput.NONE, () -> "evt_" + ids.incrementAndGet(), text -> text == null ? null : text.replace(KEY, "***"),
            now::get, TIMEOUT);
    private final List<Action> out = new ArrayList<>();

    // ------------------------------------------------------------------ helpers

    private RealtimeEvent ga(String json) throws Exception {
        return codec.decodeServer(json, Dialect.GA);
    }

    private ResponseResult feed(String json) throws Exception {
        return conversation.onEvent(ga(json), out);
    }

    private void openWithTurnDetection(String turnDetection) throws Exception {
        feed("{\"type\":\"session.created\",\"session\":{\"id\":\"sess_1\",\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":"
             + turnDetection + "}}}}");
        conversation.opened(out);
        out.clear();
    }

    private Turn turn(Turn.Kind kind, boolean replyWanted) {
        return new Turn("req" + turns.incrementAndGet(), kind, TurnInput.NONE, null, new Turn.Outcome(replyWanted),
                now.get() + TIMEOUT, 0);
    }

    private Turn start(Turn.Kind kind) {
        Turn t = turn(kind, true);
        conversation.submit(t, out);
        assertThat(out).containsExactly(new Action.RunInput(t));
        out.clear();
        return t;
    }

    private List<String> sentTypes() {
        return out.stream().filter(a -> a instanceof Action.Send).map(a -> ((Action.Send) a).event().type()).toList();
    }

    private Action.Send sent(String type) {
        return out.stream().filter(a -> a instanceof Action.Send s && s.event().type().equals(type)).map(a -> (Action.Send) a)
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " sent in " + out));
    }

    private static String created(String responseId, String requestId) {
        String metadata = requestId == null ? "null" : "{\"camel_request\":\"" + requestId + "\"}";
        return "{\"type\":\"response.created\",\"response\":{\"id\":\"" + responseId + "\",\"conversation_id\":\"conv_1\",\"metadata\":"
               + metadata + "}}";
    }

    private static String done(String responseId, String status) {
        return "{\"type\":\"response.done\",\"response\":{\"id\":\"" + responseId + "\",\"status\":\"" + status
               + "\",\"conversation_id\":\"conv_1\",\"output\":[]}}";
    }

    private Object replyOf(Turn t) {
        return out.stream().filter(a -> a instanceof Action.Reply r && r.outcome() == t.outcome).map(a -> ((Action.Reply) a).reply())
                .findFirst().orElse(null);
    }

    private Throwable failureOf(Turn t) {
        return out.stream().filter(a -> a instanceof Action.Fail f && f.outcome() == t.outcome).map(a -> ((Action.Fail) a).failure())
                .findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ the server's session decides

    @Test
    void vadReportedOffMeansTheClientCommitsAndAsks() throws Exception {
        openWithTurnDetection("null");
        Turn audio = start(Turn.Kind.AUDIO);
        conversation.inputWritten(audio, out);
        assertThat(sentTypes()).containsExactly("input_audio_buffer.commit", "response.create");
        assertThat(sent("response.create").event().fields().at("/response/metadata/camel_request").asText()).isEqualTo(audio.id);
    }

    @Test
    void vadReportedOnWaitsForTheServersCommitThenTakesItsResponse() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\",\"silence_duration_ms\":300,\"create_response\":true}");
        Turn audio = start(Turn.Kind.AUDIO);
        conversation.inputWritten(audio, out);
        assertThat(out).containsExactly(new Action.WaitForCommit(audio, 300 + EffectiveSession.COMMIT_GRACE_MILLIS));
        out.clear();
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_1\"}");
        assertThat(sentTypes()).isEmpty();
        feed(created("resp_1", null));
        feed(done("resp_1", "completed"));
        assertThat(replyOf(audio)).isInstanceOf(ResponseResult.class);
        assertThat(conversation.pendingTurns()).isZero();
    }

    @Test
    void whenTheServerDoesNotCommitInTimeTheClientCommitsAndAsks() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\"}");
        Turn audio = start(Turn.Kind.AUDIO);
        conversation.inputWritten(audio, out);
        out.clear();
        conversation.commitWaitOver(audio, out);
        assertThat(sentTypes()).containsExactly("input_audio_buffer.commit");
        out.clear();
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_1\"}");
        assertThat(sentTypes()).containsExactly("response.create");
    }

    @Test
    void aResponseCreatedBeforeTheTurnsOwnAudioWasCommittedIsNotTheTurns() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\"}");
        Turn audio = start(Turn.Kind.AUDIO);
        // a late answer to earlier audio arrives while this turn still uploads
        feed(created("resp_old", null));
        feed(done("resp_old", "completed"));
        assertThat(replyOf(audio)).isNull();
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_mine\"}");
        conversation.inputWritten(audio, out);
        feed(created("resp_mine", null));
        feed(done("resp_mine", "completed"));
        assertThat(((ResponseResult) replyOf(audio)).responseId()).isEqualTo("resp_mine");
    }

    // ------------------------------------------------------------------ deadlines free the conversation

    @Test
    void aTimedOutTurnCancelsItsResponseAndTheNextTurnRuns() throws Exception {
        openWithTurnDetection("null");
        Turn first = start(Turn.Kind.RESPOND);
        Turn second = turn(Turn.Kind.RESPOND, true);
        conversation.submit(second, out);
        conversation.inputWritten(first, out);
        feed(created("resp_1", first.id));
        out.clear();
        conversation.deadlinePassed(first, out);
        assertThat(failureOf(first)).isInstanceOf(RealtimeResponseTimeoutException.class);
        assertThat(sent("response.cancel").event().fields().path("response_id").asText()).isEqualTo("resp_1");
        assertThat(out).contains(new Action.RunInput(second));
        assertThat(conversation.pendingTurns()).isEqualTo(1);
        // its late response.done settles nothing and blocks nothing
        out.clear();
        feed(done("resp_1", "cancelled"));
        assertThat(failureOf(first)).isNull();
        conversation.inputWritten(second, out);
        assertThat(sentTypes()).containsExactly("response.create");
    }

    @Test
    void anInOnlyTurnWhoseResponseNeverEndsGivesTheConversationUpAtItsDeadline() throws Exception {
        openWithTurnDetection("null");
        Turn inOnly = turn(Turn.Kind.RESPOND, false);
        conversation.submit(inOnly, out);
        conversation.inputWritten(inOnly, out);
        assertThat(sent("response.create").completesWrite()).isTrue();
        feed(created("resp_hung", inOnly.id));
        Turn next = turn(Turn.Kind.RESPOND, true);
        out.clear();
        conversation.submit(next, out);
        assertThat(out).isEmpty();
        conversation.deadlinePassed(inOnly, out);
        assertThat(sentTypes()).contains("response.cancel");
        assertThat(out).contains(new Action.RunInput(next));
    }

    @Test
    void aQueuedTurnThatTimesOutBehindAResponseNobodyOwnsCancelsIt() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\"}");
        feed(created("resp_server", null));
        Turn waiting = turn(Turn.Kind.RESPOND, true);
        conversation.submit(waiting, out);
        assertThat(out).isEmpty();
        conversation.deadlinePassed(waiting, out);
        assertThat(failureOf(waiting)).hasMessageContaining("still waiting for its turn");
        assertThat(sent("response.cancel").event().fields().path("response_id").asText()).isEqualTo("resp_server");
        assertThat(conversation.pendingTurns()).isZero();
    }

    @Test
    void aLateResponseToAnAbandonedTurnIsCancelled() throws Exception {
        openWithTurnDetection("null");
        Turn t = start(Turn.Kind.RESPOND);
        conversation.inputWritten(t, out);
        conversation.deadlinePassed(t, out);
        out.clear();
        feed(created("resp_late", t.id));
        assertThat(sent("response.cancel").event().fields().path("response_id").asText()).isEqualTo("resp_late");
    }

    @Test
    void anAbandonedAudioTurnClearsWhatItLeftInTheServersBuffer() throws Exception {
        openWithTurnDetection("null");
        Turn audio = start(Turn.Kind.AUDIO);
        conversation.inputFailed(audio, new IllegalStateException("the stream broke"), out);
        assertThat(sentTypes()).containsExactly("input_audio_buffer.clear");
        assertThat(failureOf(audio)).hasMessage("the stream broke");
    }

    @Test
    void aCreateThatRacedAServerResponseIsSentAgainAfterIt() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\"}");
        Turn t = start(Turn.Kind.RESPOND);
        conversation.inputWritten(t, out);
        String createId = sent("response.create").event().eventId();
        out.clear();
        feed("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"code\":\"conversation_already_has_active_response\","
             + "\"message\":\"busy\",\"event_id\":\"" + createId + "\"}}");
        assertThat(failureOf(t)).isNull();
        feed(done("resp_unseen", "completed"));
        assertThat(sentTypes()).containsExactly("response.create");
    }

    // ------------------------------------------------------------------ what a review found (issue 7)

    @Test
    void theSecondUtteranceOfAFinishedUploadIsNotTheNextTurns() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\",\"create_response\":true,\"interrupt_response\":false}");
        Turn first = start(Turn.Kind.AUDIO);
        Turn second = turn(Turn.Kind.AUDIO, true);
        conversation.submit(second, out);
        conversation.inputWritten(first, out);
        feed("{\"type\":\"input_audio_buffer.speech_started\",\"item_id\":\"item_1\",\"audio_start_ms\":0}");
        feed("{\"type\":\"input_audio_buffer.speech_stopped\",\"item_id\":\"item_1\",\"audio_end_ms\":900}");
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_1\"}");
        feed(created("resp_1", null));
        feed("{\"type\":\"input_audio_buffer.speech_started\",\"item_id\":\"item_2\",\"audio_start_ms\":1500}");
        feed(done("resp_1", "completed"));
        // answered while the caller still speaks: what follows is nobody's input, so it is dropped
        assertThat(sentTypes()).contains("input_audio_buffer.clear");
        assertThat(out).contains(new Action.RunInput(second));
        out.clear();
        feed("{\"type\":\"input_audio_buffer.speech_stopped\",\"item_id\":\"item_2\",\"audio_end_ms\":2400}");
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_2\"}");
        feed(created("resp_2", null));
        feed(done("resp_2", "completed"));
        assertThat(replyOf(second)).isNull();
        assertThat(second.items).isEmpty();
    }

    @Test
    void aTurnAnsweredWhileItsUploadStillRunsLetsTheConversationGoAtOnce() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\"}");
        Turn audio = start(Turn.Kind.AUDIO);
        Turn next = turn(Turn.Kind.RESPOND, true);
        conversation.submit(next, out);
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_1\"}");
        feed(created("resp_1", null));
        feed(done("resp_1", "completed"));
        // the upload may stall for ever: the exchange has its answer, the rest of its audio is nobody's input
        assertThat(replyOf(audio)).isInstanceOf(ResponseResult.class);
        assertThat(sentTypes()).contains("input_audio_buffer.clear");
        assertThat(out).contains(new Action.RunInput(next));
        assertThat(conversation.pendingTurns()).isEqualTo(1);
        out.clear();
        conversation.inputFailed(audio, new IllegalStateException("the rest was not sent"), out);
        assertThat(out).isEmpty();
    }

    @Test
    void aResponseCancelledBecauseTheCallerSpokeOnIsNotTheAnswerTheNextIs() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\"}");
        Turn audio = start(Turn.Kind.AUDIO);
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_1\"}");
        feed(created("resp_1", null));
        feed("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\",\"status\":\"cancelled\",\"conversation_id\":\"conv_1\","
             + "\"status_details\":{\"type\":\"cancelled\",\"reason\":\"turn_detected\"}}}");
        assertThat(failureOf(audio)).isNull();
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_2\"}");
        conversation.inputWritten(audio, out);
        feed(created("resp_2", null));
        feed(done("resp_2", "completed"));
        assertThat(((ResponseResult) replyOf(audio)).responseId()).isEqualTo("resp_2");
    }

    @Test
    void aRejectedClearDoesNotBlindTheConversationToCommits() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\",\"create_response\":true}");
        Turn failed = start(Turn.Kind.AUDIO);
        conversation.inputFailed(failed, new IllegalStateException("the stream broke"), out);
        String clearId = sent("input_audio_buffer.clear").event().eventId();
        out.clear();
        feed("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"code\":\"unknown_event\",\"message\":\"unsupported\","
             + "\"event_id\":\"" + clearId + "\"}}");
        Turn next = start(Turn.Kind.AUDIO);
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_next\"}");
        assertThat(next.items).containsExactly("item_next");
    }

    @Test
    void notQuietWhileAToolRoundWaitsForTheApplicationsOutput() throws Exception {
        openWithTurnDetection("null");
        Turn t = start(Turn.Kind.RESPOND);
        conversation.inputWritten(t, out);
        feed(created("resp_1", t.id));
        feed("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"conversation_id\":\"conv_1\","
             + "\"output\":[{\"id\":\"item_f\",\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"unrouted\",\"arguments\":\"{}\"}]}}");
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(conversation.quiet(0, TimeUnit.SECONDS.toNanos(1))).isFalse();
    }

    /** A response of turn t that ended in an approval request for an MCP call the server holds until it is approved. */
    private Turn approvalRoundOf(Turn t) throws Exception {
        conversation.inputWritten(t, out);
        feed(created("resp_1", t.id));
        out.clear();
        feed("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"conversation_id\":\"conv_1\","
             + "\"output\":[{\"id\":\"mcp_1\",\"type\":\"mcp_call\",\"server_label\":\"docs\",\"name\":\"search\",\"arguments\":\"{}\","
             + "\"approval_request_id\":\"mcpr_1\",\"output\":null},{\"id\":\"mcpr_1\",\"type\":\"mcp_approval_request\","
             + "\"server_label\":\"docs\",\"name\":\"search\",\"arguments\":\"{}\"}]}}");
        assertThat(replyOf(t)).isNull();
        Turn next = out.stream().filter(a -> a instanceof Action.RunInput).map(a -> ((Action.RunInput) a).turn()).findFirst().orElseThrow();
        assertThat(next.outcome).isSameAs(t.outcome);
        out.clear();
        return next;
    }

    @Test
    void anApprovalRoundAsksForTheAnswerOnlyOnceTheApprovedCallEnded() throws Exception {
        openWithTurnDetection("null");
        Turn t = start(Turn.Kind.RESPOND);
        Turn approvals = approvalRoundOf(t);
        // what McpApprovals reports before it writes an approval whose call the server holds
        conversation.awaitMcpCalls(approvals, java.util.Set.of("mcp_1"));
        conversation.inputWritten(approvals, out);
        assertThat(sentTypes()).isEmpty();
        feed("{\"type\":\"response.mcp_call.in_progress\",\"item_id\":\"mcp_1\",\"output_index\":0}");
        assertThat(sentTypes()).isEmpty();
        feed("{\"type\":\"response.mcp_call.completed\",\"item_id\":\"mcp_1\",\"output_index\":0}");
        assertThat(sentTypes()).containsExactly("response.create");
        assertThat(sent("response.create").event().fields().at("/response/metadata/camel_request").asText()).isEqualTo(t.id);
        feed(created("resp_2", t.id));
        feed(done("resp_2", "completed"));
        assertThat(((ResponseResult) replyOf(t)).responseId()).isEqualTo("resp_2");
        assertThat(conversation.pendingTurns()).isZero();
    }

    @Test
    void anApprovalRoundWithNothingToWaitForAsksAtOnceAndOneWaitingTakesAResponseTheServerStarts() throws Exception {
        openWithTurnDetection("null");
        Turn denied = start(Turn.Kind.RESPOND);
        Turn deniedRound = approvalRoundOf(denied);
        conversation.inputWritten(deniedRound, out);
        assertThat(sentTypes()).containsExactly("response.create");
        feed(created("resp_2", denied.id));
        feed(done("resp_2", "completed"));
        out.clear();

        Turn approved = start(Turn.Kind.RESPOND);
        Turn approvedRound = approvalRoundOf(approved);
        conversation.awaitMcpCalls(approvedRound, java.util.Set.of("mcp_1"));
        conversation.inputWritten(approvedRound, out);
        feed(created("resp_3", null));
        feed("{\"type\":\"conversation.item.done\",\"item\":{\"id\":\"mcp_1\",\"type\":\"mcp_call\",\"output\":\"found\"}}");
        feed(done("resp_3", "completed"));
        assertThat(sentTypes()).isEmpty();
        assertThat(((ResponseResult) replyOf(approved)).responseId()).isEqualTo("resp_3");
    }

    @Test
    void aFreshSocketsBufferIsEmpty() throws Exception {
        openWithTurnDetection("null");
        long appended = now.addAndGet(1_000);
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        conversation.lost(new RealtimeSessionClosedException("dropped"), false, out);
        openWithTurnDetection("null");
        now.addAndGet(TimeUnit.MINUTES.toNanos(30));
        assertThat(conversation.quiet(appended, TimeUnit.SECONDS.toNanos(1))).isTrue();
    }

    @Test
    void anUpdateAnsweredBeforeItsWriteWasSeenCompleteIsSettled() throws Exception {
        openWithTurnDetection("null");
        Turn update = start(Turn.Kind.UPDATE);
        // the server's answer overtakes the write's completion on a busy machine
        feed("{\"type\":\"session.updated\",\"session\":{\"type\":\"realtime\",\"instructions\":\"Say: Billing here.\"}}");
        assertThat(replyOf(update)).isNotNull();
        assertThat(conversation.pendingTurns()).isZero();
        out.clear();
        conversation.inputWritten(update, out);
        assertThat(out).isEmpty();
    }

    // ------------------------------------------------------------------ transcripts by item

    @Test
    void transcriptsGoToTheTurnThatOwnsTheirItemsWhateverTheirOrder() throws Exception {
        openWithTurnDetection("{\"type\":\"server_vad\"}");
        Turn two = start(Turn.Kind.TRANSCRIBE);
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_a\"}");
        feed("{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_b\"}");
        conversation.inputWritten(two, out);
        // one upload may hold more utterances than the server committed so far: it collects until the commit bound
        assertThat(out).contains(new Action.WaitForCommit(two, EffectiveSession.COMMIT_GRACE_MILLIS + 500));
        feed("{\"type\":\"conversation.item.input_audio_transcription.completed\",\"item_id\":\"item_b\",\"transcript\":\"second\"}");
        feed("{\"type\":\"conversation.item.input_audio_transcription.completed\",\"item_id\":\"item_x\",\"transcript\":\"nobody's\"}");
        conversation.commitWaitOver(two, out);
        assertThat(sentTypes()).doesNotContain("input_audio_buffer.commit");
        assertThat(replyOf(two)).isNull();
        feed("{\"type\":\"conversation.item.input_audio_transcription.completed\",\"item_id\":\"item_a\",\"transcript\":\"first\"}");
        assertThat(((RealtimeEvent) replyOf(two)).text("transcript")).isEqualTo("first second");
    }

    // ------------------------------------------------------------------ correlation and secrets

    @Test
    void outOfBandResponsesFromAServerThatDoesNotEchoMetadataGoOldestFirst() throws Exception {
        openWithTurnDetection("null");
        Turn first = turn(Turn.Kind.OUT_OF_BAND, true);
        Turn second = turn(Turn.Kind.OUT_OF_BAND, true);
        conversation.submit(first, out);
        conversation.submit(second, out);
        for (int i = 1; i <= 2; i++) {
            feed("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_" + i + "\",\"conversation_id\":null}}");
        }
        feed("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"conversation_id\":null}}");
        assertThat(((ResponseResult) replyOf(first)).responseId()).isEqualTo("resp_1");
        assertThat(replyOf(second)).isNull();
    }

    @Test
    void aFailedResponsesMessageLosesTheKey() throws Exception {
        openWithTurnDetection("null");
        Turn t = start(Turn.Kind.RESPOND);
        conversation.inputWritten(t, out);
        feed(created("resp_1", t.id));
        feed("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\",\"status\":\"failed\",\"status_details\":{\"type\":\"failed\","
             + "\"error\":{\"type\":\"invalid_request_error\",\"code\":\"bad\",\"message\":\"key " + KEY + " refused\"}}}}");
        assertThat(failureOf(t)).isInstanceOf(RealtimeResponseException.class).hasMessageContaining("***").hasMessageNotContaining(KEY);
    }

    // ------------------------------------------------------------------ real captures

    @Test
    void aCapturedVadSessionOf54TurnsLeavesNothingBehind() throws Exception {
        int results = 0;
        for (String line : Files.readAllLines(CAPTURES.resolve("beta-webrtc-session-jurgob-2025-01.jsonl"))) {
            if (!line.isBlank() && conversation.onEvent(codec.decodeServer(line, Dialect.BETA), out) != null) {
                results++;
            }
            if (line.contains("\"session.created\"")) {
                conversation.opened(out);
            }
        }
        assertThat(results).isEqualTo(54);
        assertThat(conversation.effective().serverVad()).isTrue();
        assertThat(conversation.pendingTurns()).isZero();
        assertThat(conversation.quiet(0, 0)).isTrue();
        assertThat(out).noneMatch(a -> a instanceof Action.Send);
    }

    @Test
    void aCapturedGaSessionIsReadForItsTurnDetection() throws Exception {
        for (String line : Files.readAllLines(CAPTURES.resolve("ga-events-wqyjh-2025-08.jsonl"))) {
            if (!line.isBlank()) {
                conversation.onEvent(codec.decodeServer(line, Dialect.GA), out);
            }
        }
        assertThat(conversation.effective().serverVad()).isNotNull();
        assertThat(conversation.pendingTurns()).isZero();
    }
}
