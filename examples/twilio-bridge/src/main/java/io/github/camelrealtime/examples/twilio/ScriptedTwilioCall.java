package io.github.camelrealtime.examples.twilio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.camelrealtime.examples.twilio.mediastreams.TwilioMessages;

/**
 * A phone call as Twilio places it on a bidirectional Media Stream, scripted: it connects to {@code /media-stream},
 * sends {@code connected} and {@code start}, then a {@code media} frame of 20 ms of mu-law every 20 ms at real-time
 * pace (what {@link #say(byte[])} queued, else silence), and plays what the server sends as Twilio does: audio queued
 * and consumed in real time, each {@code mark} echoed once the audio before it has played, {@code clear} dropping the
 * queued audio and echoing the pending marks. {@link #hangUp()} sends {@code stop}.
 *
 * <p>Used by the demo ({@code -Pdemo}), the tests and the benchmark. Thread-safe.
 */
public final class ScriptedTwilioCall implements AutoCloseable {

    /** 20 ms of mu-law 8 kHz. */
    public static final int FRAME_BYTES = 160;
    /** Mu-law silence (linear 0). */
    public static final byte SILENCE = (byte) 0xFF;

    private final String streamSid;
    private final String callSid;
    private final long startNanos = System.nanoTime();
    private final ArrayDeque<byte[]> toSay = new ArrayDeque<>();
    private final ArrayDeque<Object> playout = new ArrayDeque<>(); // byte[] audio (partly played: playoutOffset) and String marks
    private final List<String> marksEchoed = new ArrayList<>();
    private final List<String> timeline = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> ticker;
    private int playoutOffset;
    private long sequence;
    private long chunk;
    private long framesSent;
    private long mediaReceived;
    private long bytesReceived;
    private long bytesPlayed;
    private long otherStream;
    private long clears;
    private String lastMarkBeforeClear;
    private boolean speaking;
    private boolean playing;
    private volatile boolean closed;

    private ScriptedTwilioCall(String streamSid, String callSid) {
        this.streamSid = streamSid;
        this.callSid = callSid;
    }

    /**
     * Connects to the bridge's {@code /media-stream}, sends {@code connected} and {@code start}, and starts the 20 ms
     * clock on {@code clock} (one scheduler can drive many calls).
     */
    public static ScriptedTwilioCall connect(HttpClient http, URI mediaStream, String streamSid, String callSid,
                                             ScheduledExecutorService clock) {
        ScriptedTwilioCall call = new ScriptedTwilioCall(streamSid, callSid);
        call.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(mediaStream, call.listener()).join();
        call.send(TwilioMessages.connected());
        call.send(TwilioMessages.start(call.nextSequence(), streamSid, callSid, "AC00000000000000000000000000000000", Map.of()));
        call.ticker = clock.scheduleAtFixedRate(call::tick, 20, 20, TimeUnit.MILLISECONDS);
        return call;
    }

    public String streamSid() {
        return streamSid;
    }

    public String callSid() {
        return callSid;
    }

    // ---------------------------------------------------------------- the caller

    /** Queues mu-law audio to speak, sent as 20 ms frames at real-time pace after what is queued already. */
    public synchronized void say(byte[] mulaw) {
        for (int i = 0; i < mulaw.length; i += FRAME_BYTES) {
            byte[] frame = new byte[FRAME_BYTES];
            Arrays.fill(frame, SILENCE);
            System.arraycopy(mulaw, i, frame, 0, Math.min(FRAME_BYTES, mulaw.length - i));
            toSay.add(frame);
        }
    }

    /** True while queued speech is still being sent. */
    public synchronized boolean isSpeaking() {
        return !toSay.isEmpty();
    }

    public void dtmf(String digit) {
        send(TwilioMessages.dtmf(nextSequence(), streamSid, digit));
    }

    /** Sends any text as is (malformed or unknown messages, for tests). */
    public void sendRaw(String text) {
        send(text);
    }

    /** Sends a binary message (Twilio never does). */
    public void sendBinary(byte[] data) {
        synchronized (this) {
            sending = sending.thenCompose(v -> socket.sendBinary(ByteBuffer.wrap(data), true));
        }
    }

    /** Sends {@code stop} and closes the socket. */
    public void hangUp() {
        CompletableFuture<?> last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ticker.cancel(false);
            send(TwilioMessages.stop(nextSequence(), streamSid, callSid, "AC00000000000000000000000000000000"));
            last = sending = sending.thenCompose(v -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "call ended"));
        }
        last.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        note("hung up (stop sent)");
    }

    @Override
    public void close() {
        hangUp();
    }

    // ---------------------------------------------------------------- what the caller heard

    public synchronized long framesSent() {
        return framesSent;
    }

    public synchronized long mediaReceived() {
        return mediaReceived;
    }

    /** Bytes (= 1/8 ms) of mu-law received from the bridge. */
    public synchronized long bytesReceived() {
        return bytesReceived;
    }

    /** All the audio received from the bridge (mu-law), in order. */
    public synchronized byte[] receivedAudio() {
        return received.toByteArray();
    }

    public synchronized long bytesPlayed() {
        return bytesPlayed;
    }

    /** Messages from the bridge that named another stream than this call's. */
    public synchronized long otherStreamMessages() {
        return otherStream;
    }

    public synchronized long clears() {
        return clears;
    }

    public synchronized List<String> marksEchoed() {
        return List.copyOf(marksEchoed);
    }

    /** The last mark echoed because its audio played, before the first {@code clear}; null if none. */
    public synchronized String lastMarkBeforeClear() {
        return lastMarkBeforeClear;
    }

    /** True while audio from the bridge waits to be played. */
    public synchronized boolean isPlaying() {
        return playout.stream().anyMatch(o -> o instanceof byte[]);
    }

    /** What happened, with times since the call started. */
    public synchronized List<String> timeline() {
        return List.copyOf(timeline);
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passes. */
    public static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    // ---------------------------------------------------------------- internals

    private void tick() {
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                byte[] frame = toSay.poll();
                boolean nowSpeaking = frame != null;
                if (nowSpeaking != speaking) {
                    speaking = nowSpeaking;
                    note(nowSpeaking ? "caller starts speaking" : "caller stops speaking");
                }
                if (frame == null) {
                    frame = new byte[FRAME_BYTES];
                    Arrays.fill(frame, SILENCE);
                }
                framesSent++;
                chunk++;
                play(FRAME_BYTES);
                // queued under the lock, so no frame follows the stop
                send(TwilioMessages.inboundMedia(nextSequence(), streamSid, chunk, (chunk - 1) * 20, frame));
            }
        } catch (RuntimeException e) {
            note("tick failed: " + e);
        }
    }

    /** Plays {@code budget} bytes of queued audio, echoing the marks reached. Holds the lock. */
    private void play(int budget) {
        echoReachedMarks();
        while (budget > 0 && !playout.isEmpty()) {
            Object head = playout.peek();
            if (head instanceof String) {
                echoReachedMarks();
                continue;
            }
            byte[] audio = (byte[]) head;
            int n = Math.min(budget, audio.length - playoutOffset);
            playoutOffset += n;
            budget -= n;
            bytesPlayed += n;
            if (playoutOffset == audio.length) {
                playout.poll();
                playoutOffset = 0;
            }
            echoReachedMarks();
        }
        boolean nowPlaying = playout.stream().anyMatch(o -> o instanceof byte[]);
        if (nowPlaying != playing) {
            playing = nowPlaying;
            if (!nowPlaying) {
                note("playback idle (" + bytesPlayed / 8 + " ms played in all)");
            }
        }
    }

    private void echoReachedMarks() {
        while (playout.peek() instanceof String mark) {
            playout.poll();
            marksEchoed.add(mark);
            send(TwilioMessages.markEcho(nextSequence(), streamSid, mark));
        }
    }

    private void onMessage(String text) {
        TwilioMessages.Outbound m;
        try {
            m = TwilioMessages.parseOutbound(text);
        } catch (RuntimeException e) {
            note("unreadable message from the bridge: " + e.getMessage());
            return;
        }
        synchronized (this) {
            if (!streamSid.equals(m.streamSid())) {
                otherStream++;
            }
            switch (m.event()) {
                case "media" -> {
                    if (!playing && playout.stream().noneMatch(o -> o instanceof byte[])) {
                        note("assistant audio starts");
                        playing = true;
                    }
                    mediaReceived++;
                    bytesReceived += m.payload().length;
                    received.writeBytes(m.payload());
                    playout.add(m.payload());
                }
                case "mark" -> {
                    playout.add(m.markName());
                    if (!playing) {
                        echoReachedMarks(); // a mark with nothing before it: played at once
                    }
                }
                case "clear" -> {
                    clears++;
                    if (clears == 1) {
                        lastMarkBeforeClear = marksEchoed.isEmpty() ? null : marksEchoed.get(marksEchoed.size() - 1);
                    }
                    long dropped = 0;
                    List<String> pendingMarks = new ArrayList<>();
                    for (Object o : playout) {
                        if (o instanceof byte[] b) {
                            dropped += b.length;
                        } else {
                            pendingMarks.add((String) o);
                        }
                    }
                    dropped -= playoutOffset;
                    playout.clear();
                    playoutOffset = 0;
                    playing = false;
                    note("clear received: dropped " + dropped / 8 + " ms of queued audio; last mark played "
                         + lastMarkBeforeClear + ", " + pendingMarks.size() + " pending marks echoed");
                    for (String mark : pendingMarks) {
                        send(TwilioMessages.markEcho(nextSequence(), streamSid, mark));
                    }
                }
                default -> note("unexpected '" + m.event() + "' from the bridge");
            }
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                String text = null;
                synchronized (partial) {
                    partial.append(data);
                    if (last) {
                        text = partial.toString();
                        partial.setLength(0);
                    }
                }
                if (text != null) {
                    onMessage(text);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                note("socket closed by the bridge: " + statusCode + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                note("socket error: " + error);
            }
        };
    }

    private synchronized long nextSequence() {
        return ++sequence;
    }

    private void send(String text) {
        synchronized (this) {
            if (socket == null) {
                return;
            }
            sending = sending.thenCompose(v -> socket.sendText(text, true)).exceptionally(e -> null);
        }
    }

    private synchronized void note(String what) {
        timeline.add(String.format("%6.2f s  %s", (System.nanoTime() - startNanos) / 1e9, what));
    }
}
