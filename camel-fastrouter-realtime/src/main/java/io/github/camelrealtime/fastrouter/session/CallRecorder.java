package io.github.camelrealtime.fastrouter.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.AudioStreamConverter;
import io.github.camelrealtime.fastrouter.audio.G711;

/**
 * The call recording of one session ({@code recordTo}): the user's audio as written (each append placed at the wall
 * clock of its write, never overlapping the one before) on the left, the assistant's as played (an item starts where
 * its first delta arrived, the rest follows it; cut at the truncation point of a barge-in, or, for a response the
 * server cancelled, at what the wall clock played) on the right, both as 16-bit PCM at the output format's rate. Each
 * channel is kept in memory up to a bound, then spooled to a temp file. Thread-safe (its own monitor, never the
 * session's lock).
 */
final class CallRecorder {

    static final int SPOOL_BYTES = 4 << 20;
    private static final int REMEMBERED_ITEMS = 64;

    private final AudioFormat input;
    private final AudioFormat output;
    private final int rate;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final long startedAtMillis = System.currentTimeMillis();
    private final AudioStreamConverter userConverter;
    private final RecordingTrack left;
    private final RecordingTrack right;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private long leftEnd;
    private long rightEnd;
    private boolean finished;

    CallRecorder(AudioFormat input, AudioFormat output, int spoolBytes, LongSupplier nanoTime) {
        this.input = input;
        this.output = output;
        this.rate = output.sampleRate();
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.userConverter = input == output ? null : new AudioStreamConverter(input, output);
        this.left = new RecordingTrack(spoolBytes);
        this.right = new RecordingTrack(spoolBytes);
    }

    private static final class Item {
        final String responseId;
        final long start;
        long written;
        boolean cut;

        Item(String responseId, long start) {
            this.responseId = responseId;
            this.start = start;
        }
    }

    /** The PCM byte offset of now in the recording. */
    private long nowPos() {
        long samples = (nanoTime.getAsLong() - startNanos) * rate / 1_000_000_000L;
        return Math.max(0, samples) * 2;
    }

    private byte[] pcm(byte[] audio, int off, int len) {
        if (output == AudioFormat.PCM16) {
            return Arrays.copyOfRange(audio, off, off + (len & ~1));
        }
        byte[] out = new byte[len * 2];
        G711.decode(output == AudioFormat.G711_ALAW, audio, off, len, out, 0);
        return out;
    }

    /** An {@code input_audio_buffer.append} as written on the socket (its JSON). */
    synchronized void userAudio(CharSequence appendJson) {
        byte[] raw = audioOf(appendJson);
        if (finished || raw == null || raw.length == 0) {
            return;
        }
        byte[] converted = userConverter == null ? raw : userConverter.convert(raw, 0, raw.length);
        byte[] samples = pcm(converted, 0, converted.length);
        long pos = Math.max(nowPos(), leftEnd);
        left.write(pos, samples, samples.length);
        leftEnd = pos + samples.length;
    }

    /** A {@code response.output_audio.delta} the caller was given. */
    synchronized void assistantAudio(String itemId, String responseId, byte[] audio, int off, int len) {
        if (finished || itemId == null || len == 0) {
            return;
        }
        Item item = items.get(itemId);
        if (item == null) {
            item = new Item(responseId, Math.max(nowPos(), rightEnd));
            items.put(itemId, item);
            for (Iterator<String> it = items.keySet().iterator(); items.size() > REMEMBERED_ITEMS && it.hasNext();) {
                it.next();
                it.remove();
            }
        }
        if (item.cut) {
            return; // generated after the truncation point: never played
        }
        byte[] samples = pcm(audio, off, len);
        right.write(item.start + item.written, samples, samples.length);
        item.written += samples.length;
        rightEnd = Math.max(rightEnd, item.start + item.written);
    }

    /** A {@code conversation.item.truncate} written: the item was played up to {@code audioEndMs}. */
    synchronized void truncated(String itemId, long audioEndMs) {
        Item item = itemId == null ? null : items.get(itemId);
        if (item != null && !item.cut) {
            cut(item, audioEndMs * rate / 1000 * 2);
        }
    }

    /** A response ended cancelled: its items not truncated yet stop where the wall clock played them. */
    synchronized void cancelled(String responseId) {
        if (responseId == null) {
            return;
        }
        long now = nowPos();
        for (Item item : items.values()) {
            if (!item.cut && responseId.equals(item.responseId)) {
                cut(item, now - item.start);
            }
        }
    }

    private void cut(Item item, long at) {
        long keep = Math.max(0, Math.min(at & ~1L, item.written));
        item.cut = true;
        right.zero(item.start + keep, item.start + item.written);
        if (rightEnd == item.start + item.written) {
            rightEnd = item.start + keep;
        }
        item.written = keep;
    }

    /**
     * Ends the recording (later audio is ignored) and returns it, or null when the call had no audio. The caller
     * delivers it and then closes {@link #release()}.
     */
    synchronized RecordingSink.Recording finish() {
        if (finished) {
            return null;
        }
        finished = true;
        if (leftEnd == 0 && rightEnd == 0) {
            release();
            return null;
        }
        long channelBytes = Math.max(nowPos(), Math.max(leftEnd, rightEnd));
        long length = 44 + channelBytes * 2;
        long durationMillis = channelBytes / 2 * 1000 / rate;
        InputStream stream = new WavStream(header(channelBytes * 2), channelBytes);
        byte[] bytes = null;
        if (!left.spooled() && !right.spooled() && length < Integer.MAX_VALUE) {
            try (InputStream in = stream) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            stream = new ByteArrayInputStream(bytes);
        }
        return new RecordingSink.Recording(bytes, stream, length, durationMillis, startedAtMillis);
    }

    /** Deletes the temp files. */
    synchronized void release() {
        left.close();
        right.close();
    }

    private byte[] header(long dataLength) {
        java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFFFFFFL, 36 + dataLength));
        h.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2);
        h.putInt(rate).putInt(rate * 4).putShort((short) 4).putShort((short) 16);
        h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFFFFFFL, dataLength));
        return h.array();
    }

    /** The audio of an append's JSON ({@code "audio":"<base64>"}), or null. */
    static byte[] audioOf(CharSequence json) {
        String s = json.toString();
        int at = s.indexOf("\"audio\":\"");
        if (at < 0) {
            return null;
        }
        int from = at + 9;
        int to = s.indexOf('"', from);
        return to < 0 ? null : Base64.getDecoder().decode(s.substring(from, to));
    }

    /** The WAV: the header, then the two channels interleaved, read block by block. */
    private final class WavStream extends InputStream {
        private final long channelBytes;
        private byte[] block;
        private int blockPos;
        private long pos;

        WavStream(byte[] header, long channelBytes) {
            this.block = header;
            this.channelBytes = channelBytes;
        }

        private boolean fill() {
            if (blockPos < block.length) {
                return true;
            }
            int n = (int) Math.min(8192, channelBytes - pos);
            if (n <= 0) {
                return false;
            }
            byte[] l = new byte[n];
            byte[] r = new byte[n];
            left.read(pos, l);
            right.read(pos, r);
            block = new byte[n * 2];
            for (int i = 0; i + 1 < n; i += 2) {
                block[2 * i] = l[i];
                block[2 * i + 1] = l[i + 1];
                block[2 * i + 2] = r[i];
                block[2 * i + 3] = r[i + 1];
            }
            blockPos = 0;
            pos += n;
            return true;
        }

        @Override
        public int read() {
            return fill() ? block[blockPos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, block.length - blockPos);
            System.arraycopy(block, blockPos, b, off, n);
            blockPos += n;
            return n;
        }
    }
}
