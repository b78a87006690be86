package io.github.camelrealtime.examples.twilio.mediastreams;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mark bookkeeping for barge-in: how much of the assistant's reply the caller has really heard.
 *
 * <p>Send a {@code mark} after each chunk of reply audio ({@link #sent(String, int)} returns its name); Twilio echoes
 * it once the audio before it has been played ({@link #acknowledged(String)}). The last acknowledged mark of the item
 * being played is the played position, exact to one chunk and never more than the caller heard. When the caller
 * speaks over the reply, send {@code clear} and call {@link #interrupt()}: it returns the played milliseconds (for
 * {@code CamelFastRouterRealtimeAudioPlayedMs}) and forgets the pending marks, so the echoes Twilio sends for them
 * after {@code clear} do not count as played.
 *
 * <p>Positions are per assistant item (one reply): a chunk of a new item starts counting from 0. Thread-safe (the
 * WebSocket thread acknowledges while the realtime consumer sends). Works for any stream whose peer echoes marks in
 * order: Twilio ({@code bytesPerMs = 8}, mu-law 8 kHz) or the browser page ({@code 48}, pcm16 24 kHz).
 */
public final class PlaybackMarks {

    /** What an interruption found: the item being played, how much of it was heard and sent. */
    public record Interruption(String itemId, long playedMs, long sentMs, int droppedMarks) {
    }

    private record Pending(String itemId, long endMs) {
    }

    private final int bytesPerMs;
    private final String prefix;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private long sequence;
    private String currentItem;
    private long currentItemBytes;
    private String playedItem;
    private long playedMs;
    private long acknowledgedTotal;

    /** @param bytesPerMs bytes of audio per millisecond: 8 for G.711 at 8 kHz, 48 for pcm16 at 24 kHz */
    public PlaybackMarks(int bytesPerMs) {
        this(bytesPerMs, "m");
    }

    /** @param prefix prefix of the mark names (they are {@code prefix + sequence + "-" + endMs}) */
    public PlaybackMarks(int bytesPerMs, String prefix) {
        if (bytesPerMs <= 0) {
            throw new IllegalArgumentException("bytesPerMs must be positive");
        }
        this.bytesPerMs = bytesPerMs;
        this.prefix = prefix;
    }

    /**
     * Records {@code bytes} of audio of {@code itemId} sent to the peer; returns the name of the mark to send right
     * after it.
     */
    public synchronized String sent(String itemId, int bytes) {
        String item = itemId == null ? "" : itemId;
        if (!item.equals(currentItem)) {
            currentItem = item;
            currentItemBytes = 0;
        }
        currentItemBytes += bytes;
        long endMs = currentItemBytes / bytesPerMs;
        String name = prefix + (++sequence) + "-" + endMs;
        pending.put(name, new Pending(item, endMs));
        return name;
    }

    /**
     * The peer echoed a mark. Returns true when it was pending (the audio before it has played); false for a name
     * this tracker does not know or already dropped (echoes after {@code clear}), which changes nothing.
     */
    public synchronized boolean acknowledged(String name) {
        Pending p = pending.get(name);
        if (p == null) {
            return false;
        }
        // marks are echoed in order: everything before this one has played too
        Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Pending> e = it.next();
            it.remove();
            acknowledgedTotal++;
            if (e.getKey().equals(name)) {
                break;
            }
        }
        playedItem = p.itemId();
        playedMs = p.endMs();
        return true;
    }

    /** True while reply audio was sent whose mark has not come back: the caller is hearing the assistant. */
    public synchronized boolean isPlaying() {
        return !pending.isEmpty();
    }

    /** Milliseconds of the current item the peer confirmed as played (0 when none of it was). */
    public synchronized long playedMs() {
        return currentItem != null && currentItem.equals(playedItem) ? playedMs : 0;
    }

    /** Milliseconds of the current item sent to the peer. */
    public synchronized long sentMs() {
        return currentItemBytes / bytesPerMs;
    }

    /** The item whose audio was sent last, or null. */
    public synchronized String currentItem() {
        return currentItem;
    }

    /** Marks acknowledged so far (all items). */
    public synchronized long acknowledgedCount() {
        return acknowledgedTotal;
    }

    /**
     * Barge-in: returns what was heard of the current item and forgets the pending marks (send {@code clear} to
     * the peer along with it). The current item stays, so a late chunk of it keeps counting from where it was.
     */
    public synchronized Interruption interrupt() {
        Interruption i = new Interruption(currentItem, playedMs(), sentMs(), pending.size());
        pending.clear();
        return i;
    }
}
