package io.github.camelrealtime.fastrouter.test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The server side of one RFC 6455 connection after the upgrade: reads masked client frames (text, continuation,
 * ping, pong, close), writes unmasked server frames, optionally splitting text messages into continuation
 * frames. Reading happens on one thread; writes are serialised by a lock so any thread may send.
 */
final class WebSocketChannel {

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    /** Result of {@link #readMessage()}. */
    enum Incoming { TEXT, CLOSE, EOF }

    /** A violation that ends the connection with the given close code. */
    static final class ProtocolViolation extends IOException {
        private static final long serialVersionUID = 1L;
        final int closeCode;

        ProtocolViolation(int closeCode, String message) {
            super(message);
            this.closeCode = closeCode;
        }
    }

    /** Observes control frames from the client. */
    interface ControlListener {
        void onPing(byte[] payload, int length);

        void onPong(byte[] payload, int length);
    }

    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int fragmentChars;
    private final ControlListener controlListener;
    private final Object writeLock = new Object();

    private final GrowableBytes message = new GrowableBytes(64 * 1024);
    private final byte[] control = new byte[125];
    private final byte[] mask = new byte[4];
    private final byte[] header = new byte[14];
    private int closeCode = 1005;
    private String closeReason = "";
    private boolean closeFrameSent;

    WebSocketChannel(Socket socket, InputStream in, OutputStream out, int fragmentChars, ControlListener controlListener) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.fragmentChars = fragmentChars;
        this.controlListener = controlListener;
    }

    /** The bytes of the last text message read (valid until the next read). */
    byte[] messageBytes() {
        return message.array();
    }

    int messageLength() {
        return message.length();
    }

    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }

    /** Reads frames until a whole text message, a close frame, or the end of the stream; answers pings itself. */
    Incoming readMessage() throws IOException {
        message.clear();
        boolean inFragmentedMessage = false;
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return Incoming.EOF;
            }
            int b1 = readByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            if ((b0 & 0x70) != 0) {
                throw new ProtocolViolation(1002, "reserved bits set");
            }
            if ((b1 & 0x80) == 0) {
                throw new ProtocolViolation(1002, "client frames must be masked");
            }
            long length = b1 & 0x7F;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            readFully(mask, 0, 4);
            if (opcode >= OP_CLOSE) {
                if (!fin || length > 125) {
                    throw new ProtocolViolation(1002, "invalid control frame");
                }
                int n = (int) length;
                readFully(control, 0, n);
                unmask(control, 0, n);
                if (opcode == OP_CLOSE) {
                    closeCode = n >= 2 ? ((control[0] & 0xFF) << 8) | (control[1] & 0xFF) : 1005;
                    closeReason = n > 2 ? new String(control, 2, n - 2, StandardCharsets.UTF_8) : "";
                    return Incoming.CLOSE;
                } else if (opcode == OP_PING) {
                    controlListener.onPing(control, n);
                    writeControl(OP_PONG, control, n);
                } else if (opcode == OP_PONG) {
                    controlListener.onPong(control, n);
                } else {
                    throw new ProtocolViolation(1002, "unknown opcode " + opcode);
                }
                continue;
            }
            if (opcode == OP_BINARY) {
                throw new ProtocolViolation(1003, "binary frames are not supported");
            }
            if (opcode == OP_TEXT) {
                if (inFragmentedMessage) {
                    throw new ProtocolViolation(1002, "new text frame inside a fragmented message");
                }
            } else if (opcode == OP_CONTINUATION) {
                if (!inFragmentedMessage) {
                    throw new ProtocolViolation(1002, "continuation frame without a message");
                }
            } else {
                throw new ProtocolViolation(1002, "unknown opcode " + opcode);
            }
            if (message.length() + length > MAX_MESSAGE_BYTES) {
                throw new ProtocolViolation(1009, "message too big");
            }
            int start = message.length();
            int n = (int) length;
            message.ensureCapacity(start + n);
            readFully(message.array(), start, n);
            message.setLength(start + n);
            unmask(message.array(), start, n);
            if (fin) {
                return Incoming.TEXT;
            }
            inFragmentedMessage = true;
        }
    }

    private void unmask(byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            data[offset + i] ^= mask[i & 3];
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("end of stream inside a frame");
        }
        return b;
    }

    private void readFully(byte[] target, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(target, offset + done, length - done);
            if (n < 0) {
                throw new EOFException("end of stream inside a frame");
            }
            done += n;
        }
    }

    /** Sends one text message, split into continuation frames when fragmentation is configured. */
    void sendText(String text) throws IOException {
        synchronized (writeLock) {
            if (closeFrameSent) {
                return;
            }
            if (fragmentChars <= 0 || text.length() <= fragmentChars) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                writeFrame(true, OP_TEXT, bytes, bytes.length);
            } else {
                int start = 0;
                boolean first = true;
                while (start < text.length()) {
                    int end = Math.min(text.length(), start + fragmentChars);
                    if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                        end--;
                    }
                    byte[] bytes = text.substring(start, end).getBytes(StandardCharsets.UTF_8);
                    writeFrame(end == text.length(), first ? OP_TEXT : OP_CONTINUATION, bytes, bytes.length);
                    first = false;
                    start = end;
                }
            }
            out.flush();
        }
    }

    void sendPing(byte[] payload) throws IOException {
        writeControl(OP_PING, payload, payload.length);
    }

    /** Sends a close frame once; later calls do nothing. Returns whether this call sent it. */
    boolean sendClose(int code, String reason) throws IOException {
        synchronized (writeLock) {
            if (closeFrameSent) {
                return false;
            }
            closeFrameSent = true;
            byte[] reasonBytes = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
            int reasonLength = Math.min(reasonBytes.length, 123);
            while (reasonLength < reasonBytes.length && reasonLength > 0 && (reasonBytes[reasonLength] & 0xC0) == 0x80) {
                reasonLength--; // do not cut a UTF-8 sequence: the client would fail on an invalid reason
            }
            byte[] payload;
            if (code == 1005) {
                payload = new byte[0];
            } else {
                payload = new byte[2 + reasonLength];
                payload[0] = (byte) (code >> 8);
                payload[1] = (byte) code;
                System.arraycopy(reasonBytes, 0, payload, 2, reasonLength);
            }
            writeFrame(true, OP_CLOSE, payload, payload.length);
            out.flush();
            return true;
        }
    }

    boolean closeFrameSent() {
        synchronized (writeLock) {
            return closeFrameSent;
        }
    }

    private void writeControl(int opcode, byte[] payload, int length) throws IOException {
        synchronized (writeLock) {
            if (closeFrameSent) {
                return;
            }
            writeFrame(true, opcode, payload, length);
            out.flush();
        }
    }

    /** Sends raw bytes as a frame with the given opcode (used to send deliberately invalid frames). */
    void sendRawFrame(int opcode, byte[] payload) throws IOException {
        writeControl(opcode, payload, payload.length);
    }

    private void writeFrame(boolean fin, int opcode, byte[] payload, int length) throws IOException {
        int h = 0;
        header[h++] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            header[h++] = (byte) length;
        } else if (length < 65536) {
            header[h++] = 126;
            header[h++] = (byte) (length >> 8);
            header[h++] = (byte) length;
        } else {
            header[h++] = 127;
            for (int shift = 56; shift >= 0; shift -= 8) {
                header[h++] = (byte) ((long) length >> shift);
            }
        }
        out.write(header, 0, h);
        out.write(payload, 0, length);
    }

    void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
