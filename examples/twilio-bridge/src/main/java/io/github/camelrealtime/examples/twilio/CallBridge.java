package io.github.camelrealtime.examples.twilio;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.camelrealtime.examples.twilio.mediastreams.PlaybackMarks;
import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins live calls to Camel, whatever carries them (Twilio's {@code /media-stream}, the browser's
 * {@code /browser-stream}). Each call is a {@link Call}: the transport feeds it the caller's side ({@link
 * Call#started}, {@link Call#callerAudio}, {@link Call#markPlayed}, {@link Call#dtmf}, {@link Call#hangUp}), and
 * {@link #fromRealtime(Exchange)}, the realtime consumer's processor, plays the assistant's side through the call's
 * {@link Peer}.
 *
 * <p>Caller events become InOnly exchanges to the call's inbound endpoint ({@code direct:phone-in} or
 * {@code direct:browser-in}), with header {@value #CALL_EVENT} ({@code start}, {@code media}, {@code dtmf},
 * {@code barge-in}, {@code stop}) and {@code CamelFastRouterRealtimeSessionKey} = the call's key (the streamSid), sent
 * one after the other per call, in order, without blocking the WebSocket's thread. {@link BridgeRoutes} maps them to
 * the realtime producer.
 */
public final class CallBridge {

    /** Header: what the caller did ({@code start}, {@code media}, {@code dtmf}, {@code barge-in}, {@code stop}). */
    public static final String CALL_EVENT = "TwilioBridgeEvent";
    /** Header on {@code dtmf}: the key pressed. */
    public static final String DTMF_DIGIT = "TwilioDtmfDigit";
    /** Header: Twilio's callSid (when known). */
    public static final String CALL_SID = "TwilioCallSid";
    /** Exchange property: {@link System#nanoTime()} when the caller's frame arrived (latency measurements). */
    public static final String ARRIVED_NANOS = "TwilioBridgeArrivedNanos";

    /** Caller frames waiting for the realtime socket beyond which new ones are dropped (5 s of 20 ms frames). */
    static final int MAX_BACKLOG = 250;

    private static final Logger LOG = LoggerFactory.getLogger(CallBridge.class);

    /** What the bridge sends back over the call's own connection. Called from the realtime consumer's thread. */
    public interface Peer {
        /** Plays assistant audio (in the call's format). */
        void audio(byte[] audio);

        /** Asks the peer to echo {@code name} once the audio sent before it has played. */
        void mark(String name);

        /** Drops the audio the peer still has queued (barge-in). */
        void clear();

        /** A transcript for display; Twilio ignores them. {@code role}: {@code assistant} or {@code user}. */
        default void transcript(String role, String text, boolean done) {
        }
    }

    /** Where latency samples go (benchmarks); a no-op by default. */
    public interface LatencyListener {
        /** From the caller frame's arrival to its append written on the realtime socket, in ns. */
        void callerFrameWritten(long nanos);

        /** From the consumer exchange's creation (the delta read from the realtime socket) to the peer write, in ms. */
        void replyAudioSent(long millis);
    }

    private final CamelContext camel;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, CallReport> reports = new ConcurrentHashMap<>();
    private final Map<String, AsyncProducer> inbound = new ConcurrentHashMap<>();
    private final String greeting;
    private volatile LatencyListener latency;

    /**
     * @param greeting what the agent says first when a call connects (as a {@code response.create} with these
     *                 instructions), or null for none
     */
    public CallBridge(CamelContext camel, String greeting) {
        this.camel = camel;
        this.greeting = greeting == null || greeting.isBlank() ? null : greeting;
    }

    public void latencyListener(LatencyListener listener) {
        this.latency = listener;
    }

    /**
     * A new call on a connection. {@code inboundUri} is where its caller events go ({@code direct:phone-in});
     * {@code bytesPerMs} is its audio format's (8 for mu-law, 48 for pcm16). The key is set by {@link Call#started}.
     */
    public Call open(String channel, String inboundUri, int bytesPerMs, Peer peer) {
        return new Call(channel, inboundUri, bytesPerMs, peer);
    }

    /** Every call's report, live and ended, by key. */
    public Map<String, CallReport> reports() {
        return Map.copyOf(reports);
    }

    public CallReport report(String key) {
        return reports.get(key);
    }

    /** Calls in progress. */
    public int activeCalls() {
        return calls.size();
    }

    /**
     * The realtime consumer's processor: routes each server event of each keyed session to its call (audio deltas
     * to the peer with a mark after each, {@code speech_started} to barge-in, transcripts, response status).
     */
    public void fromRealtime(Exchange exchange) {
        Message m = exchange.getMessage();
        String key = m.getHeader(FastRouterRealtimeConstants.SESSION_KEY, String.class);
        Call call = key == null ? null : calls.get(key);
        if (call == null) {
            return; // the default session of the consumer, or a call that just ended
        }
        String type = m.getHeader(FastRouterRealtimeConstants.EVENT_TYPE, String.class);
        switch (type == null ? "" : type) {
            case "response.output_audio.delta" -> {
                long t0 = exchange.getClock().getCreated();
                call.play(m.getHeader(FastRouterRealtimeConstants.ITEM_ID, String.class), m.getBody(byte[].class));
                LatencyListener l = latency;
                if (l != null) {
                    l.replyAudioSent(System.currentTimeMillis() - t0);
                }
            }
            case "input_audio_buffer.speech_started" -> call.speechStarted();
            case "response.output_audio_transcript.delta" -> call.peer.transcript("assistant", m.getBody(String.class), false);
            case "response.output_audio_transcript.done" -> {
                String t = field(m, "transcript");
                call.report.assistantTranscript(t);
                call.peer.transcript("assistant", t, true);
                LOG.info("{} assistant: {}", key, t);
            }
            case "conversation.item.input_audio_transcription.completed" -> {
                String t = field(m, "transcript");
                call.report.callerTranscript(t);
                call.peer.transcript("user", t, true);
                LOG.info("{} caller: {}", key, t);
            }
            case "response.done" -> call.report.response(m.getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS, String.class));
            default -> {
            }
        }
    }

    private static String field(Message m, String name) {
        Map<?, ?> map = m.getBody(Map.class);
        Object v = map == null ? null : map.get(name);
        return v == null ? "" : v.toString();
    }

    private AsyncProducer producer(String uri) {
        return inbound.computeIfAbsent(uri, u -> {
            try {
                AsyncProducer p = camel.getEndpoint(u).createAsyncProducer();
                p.start();
                return p;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot create a producer for " + u, e);
            }
        });
    }

    /** One call: its key, its mark bookkeeping, its ordered lane to Camel. */
    public final class Call {
        private final String channel;
        private final String inboundUri;
        private final PlaybackMarks marks;
        private final Peer peer;
        private final ArrayDeque<Exchange> backlog = new ArrayDeque<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private boolean sending;
        private volatile String key;
        private volatile CallReport report;

        private Call(String channel, String inboundUri, int bytesPerMs, Peer peer) {
            this.channel = channel;
            this.inboundUri = inboundUri;
            this.marks = new PlaybackMarks(bytesPerMs);
            this.peer = peer;
        }

        public String key() {
            return key;
        }

        public CallReport report() {
            return report;
        }

        public boolean isStarted() {
            return key != null;
        }

        /** The stream started: registers the call under {@code key} and greets the caller (when configured). */
        public void started(String key, String callSid) {
            if (this.key != null) {
                LOG.warn("{}: a second start ({}) on the same connection is ignored", this.key, key);
                return;
            }
            this.report = new CallReport(key, channel);
            report.callSid(callSid);
            reports.put(key, report);
            this.key = key;
            calls.put(key, this);
            LOG.info("{} {} started{}", channel, key, callSid == null ? "" : " (call " + callSid + ")");
            Exchange e = exchange("start", greeting == null ? null
                    : "{\"type\":\"response.create\",\"response\":{\"instructions\":" + jsonString(greeting) + "}}");
            if (callSid != null) {
                e.getMessage().setHeader(CALL_SID, callSid);
            }
            submit(e, false);
        }

        /** A frame of the caller's audio, in the call's format. */
        public void callerAudio(byte[] audio) {
            if (key == null || ended.get()) {
                return;
            }
            report.frameIn();
            Exchange e = exchange("media", audio);
            e.setProperty(ARRIVED_NANOS, System.nanoTime());
            submit(e, true);
        }

        /** The peer echoed a mark: the audio before it has played (or was cleared). */
        public void markPlayed(String name) {
            if (marks.acknowledged(name) && report != null) {
                report.markAcknowledged();
            }
        }

        /** The caller pressed a key. */
        public void dtmf(String digit) {
            if (key == null || ended.get()) {
                return;
            }
            report.digit(digit);
            LOG.info("{} DTMF {}", key, digit);
            Exchange e = exchange("dtmf", digit);
            e.getMessage().setHeader(DTMF_DIGIT, digit);
            submit(e, false);
        }

        /** A message of the transport that could not be read, or that it does not know: counted, never fatal. */
        public void skipped(boolean malformed) {
            if (report != null) {
                if (malformed) {
                    report.skippedMalformed();
                } else {
                    report.skippedUnknown();
                }
            }
        }

        /** The browser page reported what it shows (kept in the report). */
        public void pageStatus(String json) {
            if (report != null) {
                report.pageStatus(json);
            }
        }

        /** The call ended (stop, or the connection closed): closes its realtime session, once. */
        public void hangUp() {
            if (key == null || !ended.compareAndSet(false, true)) {
                return;
            }
            LOG.info("{} {} ended: {}", channel, key, report);
            submit(exchange("stop", null), false);
        }

        void play(String itemId, byte[] audio) {
            if (audio == null || audio.length == 0 || ended.get()) {
                return;
            }
            String mark = marks.sent(itemId, audio.length);
            peer.audio(audio);
            peer.mark(mark);
            report.audioOut(audio.length);
        }

        void speechStarted() {
            if (!marks.isPlaying() || ended.get()) {
                return; // the caller is not hearing the assistant: an ordinary turn
            }
            peer.clear();
            PlaybackMarks.Interruption i = marks.interrupt();
            report.bargeIn(new CallReport.BargeIn(i.itemId(), i.playedMs(), i.sentMs()));
            LOG.info("{} barge-in: clear sent, {} of {} ms heard", key, i.playedMs(), i.sentMs());
            Exchange e = exchange("barge-in", null);
            e.getMessage().setHeader(FastRouterRealtimeConstants.AUDIO_PLAYED_MS, i.playedMs());
            submit(e, false);
        }

        private Exchange exchange(String event, Object body) {
            Exchange e = producer(inboundUri).getEndpoint().createExchange(ExchangePattern.InOnly);
            e.getMessage().setHeader(CALL_EVENT, event);
            e.getMessage().setHeader(FastRouterRealtimeConstants.SESSION_KEY, key);
            e.getMessage().setBody(body);
            return e;
        }

        /** Sends exchanges one after the other (the order of the caller's audio matters), never blocking. */
        private void submit(Exchange e, boolean droppable) {
            synchronized (this) {
                if (droppable && backlog.size() >= MAX_BACKLOG) {
                    report.frameDropped();
                    if (report.framesDropped() % 50 == 1) {
                        LOG.warn("{}: the realtime session is {} frames behind; dropping caller audio", key, backlog.size());
                    }
                    return;
                }
                backlog.add(e);
                if (sending) {
                    return;
                }
                sending = true;
            }
            drain();
        }

        private void drain() {
            AsyncProducer producer = producer(inboundUri);
            while (true) {
                Exchange next;
                synchronized (this) {
                    next = backlog.poll();
                    if (next == null) {
                        sending = false;
                        return;
                    }
                }
                Exchange current = next;
                boolean sync = producer.process(current, doneSync -> {
                    completed(current);
                    if (!doneSync) {
                        drain();
                    }
                });
                if (!sync) {
                    return;
                }
            }
        }

        private void completed(Exchange e) {
            if (e.getException() != null) {
                LOG.warn("{}: {} failed: {}", key, e.getMessage().getHeader(CALL_EVENT), e.getException().toString());
            }
            Long arrived = e.getProperty(ARRIVED_NANOS, Long.class);
            LatencyListener l = latency;
            if (arrived != null && l != null && e.getException() == null) {
                l.callerFrameWritten(System.nanoTime() - arrived);
            }
            if ("stop".equals(e.getMessage().getHeader(CALL_EVENT))) {
                calls.remove(key, this);
                report.closed();
            }
        }
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
