package io.github.camelrealtime.fastrouter.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reading and writing WAV (RIFF/WAVE) headers. The reader is our own, streaming and tolerant: it skips any chunk it
 * does not need (LIST, fact, cue, odd-sized chunks with their pad byte), understands {@code WAVE_FORMAT_EXTENSIBLE}
 * with a PCM, float or G.711 sub-format, RF64 and streaming files whose data size is 0 or 0xFFFFFFFF, and names what
 * it found when it cannot read a file (a compressed encoding, another container, a truncated header). The writer
 * wraps session audio: pcm16 as PCM 16-bit 24 kHz mono, G.711 as format 7 (mu-law) or 6 (A-law), 8 kHz, 8-bit.
 */
public final class WavFiles {

    /** Supported encodings, for error messages. */
    static final String SUPPORTED = "supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit, G.711 mu-law/A-law";
    private static final int MAX_CHANNELS = 64;
    private static final int MAX_SAMPLE_RATE = 1_000_000;
    private static final int MAX_FMT_BYTES_READ = 64;
    /** Tail shared by the sub-format GUIDs of KSDATAFORMAT_SUBTYPE_*: {xxxxxxxx-0000-0010-8000-00AA00389B71}. */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA,
        0x00, 0x38, (byte) 0x9B, 0x71};

    private WavFiles() {
    }

    /** Whether {@code head} (at least 12 bytes) starts a RIFF/WAVE or RF64/WAVE file. */
    public static boolean isWav(byte[] head) {
        return head != null && head.length >= 12 && isWav(head, 12);
    }

    static boolean isWav(byte[] head, int length) {
        return length >= 12 && startsWithRiff(head, length) && fourCc(head, 8).equals("WAVE");
    }

    /** Whether the first bytes are a RIFF or RF64 container id, WAVE or not, complete or not. */
    static boolean startsWithRiff(byte[] head, int length) {
        return length >= 4 && (fourCc(head, 0).equals("RIFF") || fourCc(head, 0).equals("RF64"));
    }

    /** Wraps session audio in a WAV file; pcm16 input is truncated to whole samples. */
    public static byte[] toWav(byte[] raw, int off, int len, AudioFormat format) {
        Objects.checkFromIndexSize(off, len, raw.length);
        int dataLength = len - len % format.bytesPerSample();
        byte[] header = header(format, dataLength);
        int pad = dataLength & 1;
        byte[] wav = new byte[header.length + dataLength + pad];
        System.arraycopy(header, 0, wav, 0, header.length);
        System.arraycopy(raw, off, wav, header.length, dataLength);
        return wav;
    }

    public static byte[] toWav(byte[] raw, AudioFormat format) {
        return toWav(raw, 0, raw.length, format);
    }

    /**
     * The header for {@code dataLength} bytes of audio in {@code format}, followed directly by the audio (and a pad byte
     * if the length is odd). A negative length writes the streaming sizes 0xFFFFFFFF, for audio of unknown length.
     */
    public static byte[] header(AudioFormat format, long dataLength) {
        boolean pcm = format == AudioFormat.PCM16;
        int fmtSize = pcm ? 16 : 18;
        int factSize = pcm ? 0 : 12;
        int headerLength = 12 + 8 + fmtSize + factSize + 8;
        boolean unknown = dataLength < 0 || dataLength > 0xFFFFFFFFL - headerLength;
        long riffSize = unknown ? 0xFFFFFFFFL : headerLength - 8 + dataLength + (dataLength & 1);
        byte[] h = new byte[headerLength];
        int p = putAscii(h, 0, "RIFF");
        p = putInt(h, p, riffSize);
        p = putAscii(h, p, "WAVE");
        p = putAscii(h, p, "fmt ");
        p = putInt(h, p, fmtSize);
        p = putShort(h, p, pcm ? WavHeader.TAG_PCM : format == AudioFormat.G711_ULAW ? WavHeader.TAG_ULAW : WavHeader.TAG_ALAW);
        p = putShort(h, p, 1);
        p = putInt(h, p, format.sampleRate());
        p = putInt(h, p, format.bytesPerSecond());
        p = putShort(h, p, format.bytesPerSample());
        p = putShort(h, p, format.bytesPerSample() * 8);
        if (!pcm) {
            p = putShort(h, p, 0); // cbSize: non-PCM formats carry it, and a fact chunk with the sample count
            p = putAscii(h, p, "fact");
            p = putInt(h, p, 4);
            p = putInt(h, p, unknown ? 0xFFFFFFFFL : format.samples(dataLength));
        }
        p = putAscii(h, p, "data");
        putInt(h, p, unknown ? 0xFFFFFFFFL : dataLength);
        return h;
    }

    /**
     * Reads a WAV header from {@code in} up to the start of the audio: afterwards {@code in} is positioned on the first
     * audio byte.
     *
     * @throws AudioFormatException when this is not a WAV stream, or one this reader cannot decode (the message names
     *                              what was found)
     */
    public static WavHeader readHeader(InputStream in) throws IOException {
        byte[] head = new byte[12];
        int n = in.readNBytes(head, 0, 12);
        return readHeader(head, n, in);
    }

    /** Continues reading a header whose first {@code headLength} bytes (up to 12) were already read into {@code head}. */
    static WavHeader readHeader(byte[] head, int headLength, InputStream in) throws IOException {
        if (!isWav(head, headLength)) {
            String container = identifyContainer(head, headLength);
            if (container != null) {
                throw new AudioFormatException("Not a WAV file: found " + container);
            }
            if (startsWithRiff(head, headLength)) {
                throw new AudioFormatException("WAV header truncated: " + headLength + " bytes, the RIFF header needs 12");
            }
            throw new AudioFormatException("Not a WAV file: starts with " + describeBytes(head, headLength));
        }
        boolean rf64 = fourCc(head, 0).equals("RF64");
        long rf64DataLength = -1;
        WavHeader format = null;
        long offset = 12;
        byte[] chunkHeader = new byte[8];
        while (true) {
            int got = in.readNBytes(chunkHeader, 0, 8);
            if (got == 0) {
                throw new AudioFormatException(format == null ? "WAV has no fmt chunk (file ends after " + offset + " bytes)"
                        : "WAV has no data chunk (file ends after " + offset + " bytes)");
            }
            if (got < 8) {
                throw new AudioFormatException("WAV header truncated: file ends inside a chunk header at byte " + offset);
            }
            String id = fourCc(chunkHeader, 0);
            long size = uint32(chunkHeader, 4);
            offset += 8;
            switch (id) {
                case "fmt ":
                    format = readFmt(in, size, offset);
                    break;
                case "ds64":
                    byte[] ds64 = readChunk(in, size, 16, 16, "ds64", offset);
                    rf64DataLength = uint32(ds64, 8) | (uint32(ds64, 12) << 32);
                    break;
                case "data":
                    if (format == null) {
                        throw new AudioFormatException("WAV data chunk comes before any fmt chunk");
                    }
                    long dataLength = size;
                    if (rf64 && size == 0xFFFFFFFFL && rf64DataLength >= 0) {
                        dataLength = rf64DataLength;
                    } else if (size == 0 || size == 0xFFFFFFFFL) {
                        dataLength = -1;
                    }
                    return new WavHeader(format.formatTag(), format.extensible(), format.channels(), format.sampleRate(),
                            format.bitsPerSample(), format.blockAlign(), dataLength);
                default:
                    skip(in, size + (size & 1), "'" + printable(id) + "' chunk", offset);
                    break;
            }
            offset += size + (size & 1);
        }
    }

    private static WavHeader readFmt(InputStream in, long size, long offset) throws IOException {
        if (size < 16) {
            throw new AudioFormatException("WAV fmt chunk is " + size + " bytes, at least 16 expected");
        }
        byte[] fmt = readChunk(in, size, 16, MAX_FMT_BYTES_READ, "fmt", offset);
        int tag = uint16(fmt, 0);
        int channels = uint16(fmt, 2);
        long rate = uint32(fmt, 4);
        int blockAlign = uint16(fmt, 12);
        int bits = uint16(fmt, 14);
        boolean extensible = tag == WavHeader.TAG_EXTENSIBLE;
        if (extensible) {
            if (size < 40) {
                throw new AudioFormatException("WAV WAVE_FORMAT_EXTENSIBLE fmt chunk is " + size + " bytes, 40 expected");
            }
            int subTag = uint16(fmt, 24);
            boolean standardGuid = true;
            for (int i = 0; i < GUID_TAIL.length; i++) {
                standardGuid &= fmt[26 + i] == GUID_TAIL[i];
            }
            if (!standardGuid || !isSupportedTag(subTag)) {
                throw new AudioFormatException("WAV WAVE_FORMAT_EXTENSIBLE sub-format " + guid(fmt, 24)
                        + (standardGuid ? " (" + tagName(subTag) + ")" : "") + " is not supported; " + SUPPORTED);
            }
            tag = subTag;
        } else if (!isSupportedTag(tag)) {
            throw new AudioFormatException(String.format("WAV encoding 0x%04X (%s) is not supported; %s", tag, tagName(tag),
                    SUPPORTED));
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new AudioFormatException("WAV with " + channels + " channels is not supported (1 to " + MAX_CHANNELS + ")");
        }
        if (rate < 1 || rate > MAX_SAMPLE_RATE) {
            throw new AudioFormatException("WAV sample rate " + rate + " Hz is not supported (1 to " + MAX_SAMPLE_RATE + " Hz)");
        }
        boolean bitsOk = switch (tag) {
            case WavHeader.TAG_PCM -> bits >= 1 && bits <= 32;
            case WavHeader.TAG_FLOAT -> bits == 32 || bits == 64;
            default -> bits == 8;
        };
        if (!bitsOk) {
            throw new AudioFormatException("WAV " + tagName(tag) + " with " + bits + " bits per sample is not supported; "
                    + SUPPORTED);
        }
        int containerBytes = (bits + 7) / 8;
        if (blockAlign != channels * containerBytes) {
            throw new AudioFormatException("WAV block align " + blockAlign + " does not match " + channels + " channel(s) of "
                    + bits + "-bit samples (" + channels * containerBytes + " expected)");
        }
        return new WavHeader(tag, extensible, channels, (int) rate, bits, blockAlign, -1);
    }

    /** Reads a chunk of {@code size} bytes, keeping the first {@code keep} (at least {@code min}), skipping the rest. */
    private static byte[] readChunk(InputStream in, long size, int min, int keep, String what, long offset) throws IOException {
        if (size < min) {
            throw new AudioFormatException("WAV " + what + " chunk is " + size + " bytes, at least " + min + " expected");
        }
        int n = (int) Math.min(size, keep);
        byte[] data = new byte[Math.max(n, keep)];
        if (in.readNBytes(data, 0, n) < n) {
            throw new AudioFormatException("WAV header truncated: file ends inside the " + what + " chunk at byte " + offset);
        }
        skip(in, size - n + (size & 1), what + " chunk", offset);
        return data;
    }

    private static void skip(InputStream in, long n, String what, long offset) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new AudioFormatException("WAV header truncated: file ends inside the " + what + " at byte " + offset
                    + " (declared " + n + " bytes)");
        }
    }

    private static boolean isSupportedTag(int tag) {
        return tag == WavHeader.TAG_PCM || tag == WavHeader.TAG_FLOAT || tag == WavHeader.TAG_ALAW || tag == WavHeader.TAG_ULAW;
    }

    static String tagName(int tag) {
        return switch (tag) {
            case 0x0001 -> "PCM";
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0003 -> "IEEE float";
            case 0x0006 -> "G.711 A-law";
            case 0x0007 -> "G.711 mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0022 -> "TrueSpeech";
            case 0x0031 -> "GSM 6.10";
            case 0x0040 -> "G.721 ADPCM";
            case 0x0050 -> "MPEG";
            case 0x0055 -> "MPEG Layer 3";
            case 0x0064 -> "G.726 ADPCM";
            case 0x0065 -> "G.722 ADPCM";
            case 0x0092 -> "Dolby AC-3 SPDIF";
            case 0x00FF, 0x1610 -> "AAC";
            case 0x0161, 0x0162, 0x0163 -> "Windows Media Audio";
            case 0x2000 -> "Dolby AC-3";
            case 0x674F, 0x6750, 0x6751 -> "Ogg Vorbis";
            case 0xF1AC -> "FLAC";
            case 0xFFFE -> "WAVE_FORMAT_EXTENSIBLE";
            default -> "unknown";
        };
    }

    /** Names a well-known non-WAV container from its first bytes, or null. */
    static String identifyContainer(byte[] head, int length) {
        if (length < 4) {
            return null;
        }
        String magic = fourCc(head, 0);
        if (magic.startsWith("ID3")) {
            return "MP3 audio (ID3 tag)";
        }
        if (length >= 12 && (magic.equals("RIFF") || magic.equals("RF64"))) {
            return "a RIFF file of type '" + printable(fourCc(head, 8)) + "', not WAVE";
        }
        return switch (magic) {
            case "OggS" -> "Ogg audio";
            case "fLaC" -> "FLAC audio";
            case "FORM" -> "AIFF audio";
            case ".snd" -> "Sun/NeXT AU audio";
            case "RIFX" -> "a big-endian RIFX WAV";
            case "caff" -> "Core Audio (CAF) audio";
            default -> null;
        };
    }

    static String describeBytes(byte[] b, int length) {
        StringBuilder hex = new StringBuilder();
        int n = Math.min(length, 12);
        for (int i = 0; i < n; i++) {
            hex.append(String.format("%02x ", b[i] & 0xFF));
        }
        return n == 0 ? "nothing (empty input)" : hex.toString().trim() + " (\"" + printable(new String(b, 0, n,
                StandardCharsets.ISO_8859_1)) + "\")";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? c : '.');
        }
        return b.toString();
    }

    private static String guid(byte[] b, int p) {
        return String.format("{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", uint32(b, p), uint16(b, p + 4),
                uint16(b, p + 6), b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15]);
    }

    private static String fourCc(byte[] b, int p) {
        return new String(b, p, 4, StandardCharsets.ISO_8859_1);
    }

    private static int uint16(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
    }

    private static long uint32(byte[] b, int p) {
        return (b[p] & 0xFFL) | ((b[p + 1] & 0xFFL) << 8) | ((b[p + 2] & 0xFFL) << 16) | ((b[p + 3] & 0xFFL) << 24);
    }

    private static int putAscii(byte[] b, int p, String s) {
        for (int i = 0; i < 4; i++) {
            b[p + i] = (byte) s.charAt(i);
        }
        return p + 4;
    }

    private static int putShort(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >> 8);
        return p + 2;
    }

    private static int putInt(byte[] b, int p, long v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >> 8);
        b[p + 2] = (byte) (v >> 16);
        b[p + 3] = (byte) (v >> 24);
        return p + 4;
    }
}
