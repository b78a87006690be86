package io.github.camelrealtime.fastrouter.test;

import java.util.Arrays;

/** A reusable byte buffer that grows on demand; not thread-safe. */
final class GrowableBytes {

    private byte[] data;
    private int length;

    GrowableBytes(int initialCapacity) {
        this.data = new byte[Math.max(16, initialCapacity)];
    }

    byte[] array() {
        return data;
    }

    int length() {
        return length;
    }

    void setLength(int newLength) {
        ensureCapacity(newLength);
        length = newLength;
    }

    void ensureCapacity(int capacity) {
        if (capacity > data.length) {
            data = Arrays.copyOf(data, Math.max(capacity, data.length * 2));
        }
    }

    void append(byte[] source, int offset, int count) {
        ensureCapacity(length + count);
        System.arraycopy(source, offset, data, length, count);
        length += count;
    }

    void removePrefix(int count) {
        int n = Math.min(count, length);
        System.arraycopy(data, n, data, 0, length - n);
        length -= n;
    }

    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(data, from, to);
    }

    void clear() {
        length = 0;
    }
}
