package io.github.camelrealtime.fastrouter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.apache.camel.WrappedFile;

/**
 * Recognises image bodies by their signature (PNG, JPEG, WebP, GIF; {@code byte[]}, {@code ByteBuffer}, or a
 * {@code File}/{@code Path} of one) and turns them into the data URL of an {@code input_image} part, checked against
 * the size a client event may have.
 */
final class Images {

    /** The API's cap on one client event (15 MiB), less room for the rest of the conversation.item.create. */
    static final int MAX_EVENT_CHARS = 15 * 1024 * 1024 - 4096;

    private Images() {
    }

    private static final List<String> DETAILS = List.of("auto", "low", "high");

    /** The image message of this body, or null when the body is not an image. */
    static OutboundMessage.Image read(Object body, String text, String detail) throws IOException {
        if (body instanceof WrappedFile<?> wrapped) {
            body = wrapped.getFile();
        }
        byte[] bytes;
        if (body instanceof byte[] b) {
            if (wholeImageType(b) == null) {
                return null;
            }
            bytes = b;
        } else if (body instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] all = new byte[view.remaining()];
            view.get(all);
            if (wholeImageType(all) == null) {
                return null;
            }
            bytes = all;
        } else if (body instanceof File || body instanceof Path) {
            Path path = body instanceof File f ? f.toPath() : (Path) body;
            if (!Files.isRegularFile(path) || mediaType(head(path)) == null) {
                return null;
            }
            long size = Files.size(path);
            checkSize(size);
            bytes = Files.readAllBytes(path);
        } else {
            return null;
        }
        String type = mediaType(bytes);
        checkSize(bytes.length);
        String level = detail(detail);
        String dataUrl = "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
        return new OutboundMessage.Image(dataUrl, text, level, bytes.length);
    }

    private static String detail(String detail) {
        if (detail == null) {
            return null;
        }
        String level = detail.trim().toLowerCase(Locale.ROOT);
        if (!DETAILS.contains(level)) {
            throw new IllegalArgumentException("Header " + FastRouterRealtimeConstants.IMAGE_DETAIL + " must be auto, low or high, not '"
                                               + detail + "'");
        }
        return level;
    }

    private static void checkSize(long bytes) {
        long chars = 4 * ((bytes + 2) / 3) + 32;
        if (chars > MAX_EVENT_CHARS) {
            throw new IllegalArgumentException("The image has " + bytes + " bytes: as a base64 data URL it needs " + chars
                                               + " characters, more than a Realtime client event may carry (15 MiB, so images "
                                               + "up to about " + (MAX_EVENT_CHARS / 4 * 3 / (1024 * 1024)) + " MiB); "
                                               + "scale or compress it first");
        }
    }

    private static byte[] head(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(12);
        }
    }

    private static boolean jpegMarker(int marker) {
        return (marker >= 0xE0 && marker <= 0xEF) || marker == 0xDB || marker == 0xFE || marker == 0xC0 || marker == 0xC2
               || marker == 0xC4;
    }

    /**
     * Whole bytes in memory: a JPEG must also end with its end-of-image marker, so raw G.711 audio that happens to start
     * like a JPEG (mu-law silence is 0xFF) is not taken for one.
     */
    private static String wholeImageType(byte[] b) {
        String type = mediaType(b);
        if ("image/jpeg".equals(type) && !((b[b.length - 2] & 0xFF) == 0xFF && (b[b.length - 1] & 0xFF) == 0xD9)) {
            return null;
        }
        return type;
    }

    /** The media type from the signature, or null when these are not image bytes. */
    static String mediaType(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
            && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return "image/png";
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF && jpegMarker(b[3] & 0xFF)) {
            return "image/jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8' && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return "image/gif";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
            && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }
}
