package io.github.camelrealtime.fastrouter.test;

import java.util.Arrays;

/** Decodes standard base64 text straight into a reusable buffer, so audio appends allocate nothing per event. */
final class Base64Audio {

    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
    }

    private Base64Audio() {
    }

    /**
     * Appends the decoded bytes of {@code text} to {@code target}.
     *
     * @throws IllegalArgumentException when the text is not base64 (the target is left unchanged)
     */
    static void decodeInto(CharSequence text, GrowableBytes target) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        if (text.length() - end > 2 || end % 4 == 1) {
            throw new IllegalArgumentException("not base64");
        }
        int start = target.length();
        target.ensureCapacity(start + end * 3 / 4 + 3);
        byte[] out = target.array();
        int o = start;
        int accumulator = 0;
        int bits = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("not base64");
            }
            accumulator = (accumulator << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (accumulator >> bits);
            }
        }
        target.setLength(o);
    }
}
