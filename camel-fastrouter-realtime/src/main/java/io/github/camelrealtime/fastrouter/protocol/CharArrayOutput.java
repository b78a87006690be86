package io.github.camelrealtime.fastrouter.protocol;

import java.io.Writer;
import java.nio.CharBuffer;

/**
 * An unsynchronised, growable in-memory writer whose content is handed out as a {@link CharBuffer} over the
 * backing array, without the copy that {@code CharArrayWriter.toCharArray()} or {@code toString()} would make.
 */
final class CharArrayOutput extends Writer {

    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    private char[] buffer;
    private int length;

    CharArrayOutput(int initialCapacity) {
        buffer = new char[Math.max(16, initialCapacity)];
    }

    @Override
    public void write(int c) {
        ensureRoom(1);
        buffer[length++] = (char) c;
    }

    @Override
    public void write(char[] chars, int offset, int count) {
        ensureRoom(count);
        System.arraycopy(chars, offset, buffer, length, count);
        length += count;
    }

    @Override
    public void write(String text, int offset, int count) {
        ensureRoom(count);
        text.getChars(offset, offset + count, buffer, length);
        length += count;
    }

    @Override
    public void flush() {
        // nothing buffered beyond the array itself
    }

    @Override
    public void close() {
        // the content stays readable after close
    }

    int length() {
        return length;
    }

    /** The written characters; the buffer shares this writer's array (write nothing more afterwards). */
    CharBuffer toCharBuffer() {
        return CharBuffer.wrap(buffer, 0, length);
    }

    private void ensureRoom(int count) {
        long needed = (long) length + count;
        if (needed <= buffer.length) {
            return;
        }
        if (needed > MAX_CAPACITY) {
            throw new OutOfMemoryError("Encoded event exceeds the largest possible char array");
        }
        long grown = Math.max(needed, Math.min((long) buffer.length * 2, MAX_CAPACITY));
        char[] larger = new char[(int) grown];
        System.arraycopy(buffer, 0, larger, 0, length);
        buffer = larger;
    }
}
