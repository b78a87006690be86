package io.github.camelrealtime.fastrouter.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;

/**
 * Audio payloads between bytes and the base64 text inside JSON, with the JDK's Base64 (intrinsified, faster than
 * Jackson's own base64 here) and per-thread scratch buffers, never through a String of the payload: encoding writes
 * the quoted base64 as a raw JSON value, decoding reads the parser's characters in place.
 */
final class Base64Payloads {

    /** Scratch buffers above this size are not kept between calls (a rare huge payload must not pin memory). */
    private static final int KEPT_SCRATCH = 1 << 20;
    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Base64Payloads() {
    }

    private static final class Scratch {
        private byte[] bytes = new byte[8192];
        private char[] chars = new char[8192];

        byte[] bytes(int size) {
            if (bytes.length >= size) {
                return bytes;
            }
            byte[] b = new byte[size];
            if (size <= KEPT_SCRATCH) {
                bytes = b;
            }
            return b;
        }

        char[] chars(int size) {
            if (chars.length >= size) {
                return chars;
            }
            char[] c = new char[size];
            if (size <= KEPT_SCRATCH) {
                chars = c;
            }
            return c;
        }
    }

    static int encodedLength(int len) {
        return 4 * ((len + 2) / 3);
    }

    /** Writes {@code audio[off, off+len)} as a quoted base64 JSON string value (the field name is already written). */
    static void write(JsonGenerator generator, byte[] audio, int off, int len) throws IOException {
        int encodedLength = encodedLength(len);
        char[] quoted = SCRATCH.get().chars(encodedLength + 2);
        quoted[0] = '"';
        encodeInto(audio, off, len, quoted, 1);
        quoted[encodedLength + 1] = '"';
        generator.writeRawValue(quoted, 0, encodedLength + 2);
    }

    /** Base64 of {@code audio[off, off+len)} into {@code dst} at {@code dstOff}; returns the characters written. */
    static int encodeInto(byte[] audio, int off, int len, char[] dst, int dstOff) {
        int encodedLength = encodedLength(len);
        byte[] encoded;
        if (off == 0 && len == audio.length) {
            encoded = SCRATCH.get().bytes(encodedLength);
            ENCODER.encode(audio, encoded);
        } else {
            encoded = ENCODER.encode(ByteBuffer.wrap(audio, off, len)).array();
        }
        for (int i = 0; i < encodedLength; i++) {
            dst[dstOff + i] = (char) encoded[i];
        }
        return encodedLength;
    }

    /** Base64 of {@code audio[off, off+len)} into the ASCII array {@code dst} at {@code dstOff}; returns the bytes written. */
    static int encodeInto(byte[] audio, int off, int len, byte[] dst, int dstOff) {
        int encodedLength = encodedLength(len);
        if (off == 0 && len == audio.length) {
            byte[] encoded = SCRATCH.get().bytes(encodedLength);
            ENCODER.encode(audio, encoded);
            System.arraycopy(encoded, 0, dst, dstOff, encodedLength);
        } else {
            ByteBuffer encoded = ENCODER.encode(ByteBuffer.wrap(audio, off, len));
            encoded.get(dst, dstOff, encodedLength);
        }
        return encodedLength;
    }

    /** Decodes base64 text already read as a String (the rare payload that came before its event's type). */
    static byte[] decode(String text) {
        return DECODER.decode(text);
    }

    /**
     * Decodes the current VALUE_STRING token of the parser, reading its characters in place.
     *
     * @throws IllegalArgumentException when the text is not base64
     */
    static byte[] read(JsonParser parser) throws IOException {
        char[] text = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        byte[] ascii = SCRATCH.get().bytes(length);
        // branch-free narrowing (the JIT vectorises it); a char beyond ASCII shows in the OR of them all
        int all = 0;
        for (int i = 0; i < length; i++) {
            char c = text[offset + i];
            all |= c;
            ascii[i] = (byte) c;
        }
        if (all > 0x7f) {
            for (int i = 0; i < length; i++) {
                if (text[offset + i] > 0x7f) {
                    throw new IllegalArgumentException("Illegal base64 character " + Integer.toHexString(text[offset + i])
                            + " at " + i);
                }
            }
        }
        // exact-size output for well-formed input (the decoder sizes it from the padding)
        ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(ascii, 0, length));
        byte[] array = decoded.array();
        return decoded.arrayOffset() == 0 && decoded.remaining() == array.length
                ? array : Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(), decoded.arrayOffset() + decoded.limit());
    }

    /**
     * The fast way through the event received most ({@code response.output_audio.delta}, whose payload comes last):
     * when the string value whose token starts at {@code tokenStart} is the last thing in the message (only its
     * closing quote, the object's closing brace and whitespace follow), decodes it without the parser scanning it first:
     * one vectorised narrowing pass and the JDK's decoder, which rejects any quote or backslash inside, so a payload
     * that is not the last value (or holds an escape) is never misread. Returns null whenever that does not hold, and
     * the caller reads the value the ordinary way (which also names what is wrong with a bad payload).
     *
     * @param start      where the message starts in {@code chars} (the parser's offsets count from there)
     * @param tokenStart the absolute index of the value's token: its opening quote
     * @param end        where the message ends in {@code chars}
     */
    static byte[] readClosingValue(char[] chars, int start, int tokenStart, int end) {
        int open = tokenStart;
        if (open < start || open >= end || chars[open] != '"') {
            return null;
        }
        int last = end - 1;
        while (last > open && isWhitespace(chars[last])) {
            last--;
        }
        if (last <= open || chars[last] != '}') {
            return null;
        }
        last--;
        while (last > open && isWhitespace(chars[last])) {
            last--;
        }
        if (last <= open || chars[last] != '"') {
            return null;
        }
        int first = open + 1;
        int length = last - first;
        byte[] ascii = SCRATCH.get().bytes(length);
        int all = 0;
        for (int i = 0; i < length; i++) {
            char c = chars[first + i];
            all |= c;
            ascii[i] = (byte) c;
        }
        if (all > 0x7f) {
            return null;
        }
        try {
            ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(ascii, 0, length));
            byte[] array = decoded.array();
            return decoded.arrayOffset() == 0 && decoded.remaining() == array.length
                    ? array : Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(), decoded.arrayOffset() + decoded.limit());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
