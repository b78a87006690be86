package io.github.camelrealtime.fastrouter.session;

import java.util.Arrays;

/** An unsynchronised byte accumulator for response audio (the aggregation is confined to one thread at a time). */
final class GrowableBytes {

    private byte[] buf = new byte[0];
    private int size;

    void append(byte[] src, int off, int len) {
        if (size + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + len, Math.max(16 * 1024, buf.length * 2)));
        }
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
