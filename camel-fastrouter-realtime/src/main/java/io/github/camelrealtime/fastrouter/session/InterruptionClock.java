package io.github.camelrealtime.fastrouter.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;

/**
 * Barge-in bookkeeping: per assistant item, how much audio was generated and when its first delta arrived, so an
 * interruption can truncate the item at {@code floor(min(played, generated))} milliseconds (PROTOCOL.md §6).
 * Not thread-safe: the session calls it under its lock.
 */
public final class InterruptionClock {

    private static final int REMEMBERED_ITEMS = 32;

    private final AudioFormat format;
    private final LongSupplier nanoTime;
    private final Map<String, ItemAudio> items = new LinkedHashMap<>();
    private String currentItemId;

    public InterruptionClock(AudioFormat format, LongSupplier nanoTime) {
        this.format = format;
        this.nanoTime = nanoTime;
    }

    /** What to send for an interruption: truncate {@code itemId} at {@code audioEndMs}. */
    public record Truncation(String itemId, int contentIndex, long audioEndMs) {
    }

    public void onAudioDelta(String itemId, int contentIndex, int bytes) {
        if (itemId == null) {
            return;
        }
        ItemAudio item = items.get(itemId);
        if (item == null) {
            item = new ItemAudio(nanoTime.getAsLong(), contentIndex);
            items.put(itemId, item);
            trim();
        }
        item.generatedBytes += bytes;
        currentItemId = itemId;
    }

    private void trim() {
        Iterator<String> it = items.keySet().iterator();
        while (items.size() > REMEMBERED_ITEMS && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Milliseconds of audio generated so far for the item (fractional). */
    public double generatedMillis(String itemId) {
        ItemAudio item = items.get(itemId);
        return item == null ? 0 : item.generatedBytes * 1000.0 / format.bytesPerSecond();
    }

    /**
     * The truncation for the item being played, or empty when there is nothing to truncate: no assistant audio yet,
     * or the item was already truncated (truncating an item without audio is a server error, so it is skipped).
     *
     * @param playedMs how much the caller really played; {@code null} means "as long as the wall clock since the
     *                 item's first delta"
     */
    public Optional<Truncation> truncation(Long playedMs) {
        return truncation(currentItemId, playedMs);
    }

    /** Like {@link #truncation(Long)} for a given item (a guardrail stops one response, whichever item plays). */
    public Optional<Truncation> truncation(String itemId, Long playedMs) {
        if (itemId == null) {
            return Optional.empty();
        }
        ItemAudio item = items.get(itemId);
        if (item == null || item.truncated || item.generatedBytes == 0) {
            return Optional.empty();
        }
        double generated = item.generatedBytes * 1000.0 / format.bytesPerSecond();
        double played = playedMs != null
                ? Math.max(0, playedMs)
                : TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - item.firstDeltaNanos);
        long audioEndMs = (long) Math.floor(Math.min(played, generated));
        return Optional.of(new Truncation(itemId, item.contentIndex, audioEndMs));
    }

    public void markTruncated(String itemId) {
        ItemAudio item = items.get(itemId);
        if (item != null) {
            item.truncated = true;
        }
    }

    /** Forgets every item (a new server session knows none of them). */
    public void reset() {
        items.clear();
        currentItemId = null;
    }

    public String currentItemId() {
        return currentItemId;
    }

    private static final class ItemAudio {
        private final long firstDeltaNanos;
        private final int contentIndex;
        private long generatedBytes;
        private boolean truncated;

        private ItemAudio(long firstDeltaNanos, int contentIndex) {
            this.firstDeltaNanos = firstDeltaNanos;
            this.contentIndex = contentIndex;
        }
    }
}
