package io.github.camelrealtime.fastrouter.protocol;

import java.io.Reader;
import java.nio.CharBuffer;

/** Reads a CharSequence in bulk without turning it into a String first. */
final class CharSequenceReader extends Reader {

    private final CharSequence content;
    private int position;

    CharSequenceReader(CharSequence content) {
        this.content = content;
    }

    @Override
    public int read(char[] target, int offset, int count) {
        int remaining = content.length() - position;
        if (remaining <= 0) {
            return -1;
        }
        int n = Math.min(count, remaining);
        if (content instanceof String text) {
            text.getChars(position, position + n, target, offset);
        } else if (content instanceof StringBuilder builder) {
            builder.getChars(position, position + n, target, offset);
        } else if (content instanceof CharBuffer buffer) {
            // absolute read on a duplicate: leaves the caller's buffer position untouched
            CharBuffer view = buffer.duplicate();
            view.position(buffer.position() + position);
            view.get(target, offset, n);
        } else {
            for (int i = 0; i < n; i++) {
                target[offset + i] = content.charAt(position + i);
            }
        }
        position += n;
        return n;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
