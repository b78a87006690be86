package io.github.camelrealtime.fastrouter.test;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Small audio helpers used by the simulator and handy in tests: G.711 mu-law/A-law codecs, linear resampling,
 * format conversion, tones, silence, noise and RMS level.
 */
public final class SimulatorAudio {

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = (short) decodeUlaw(i);
            ALAW_TO_LINEAR[i] = (short) decodeAlaw(i);
        }
    }

    private SimulatorAudio() {
    }

    /** Encodes one 16-bit linear sample as G.711 mu-law. */
    public static byte linearToUlaw(int sample) {
        final int bias = 0x84;
        final int clip = 32635;
        int sign = (sample >> 8) & 0x80;
        int magnitude = sign != 0 ? -sample : sample;
        if (magnitude > clip) {
            magnitude = clip;
        }
        magnitude += bias;
        int exponent = 7;
        for (int bit = 0x4000; (magnitude & bit) == 0 && exponent > 0; bit >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /** Decodes one G.711 mu-law byte to a 16-bit linear sample. */
    public static int ulawToLinear(byte value) {
        return ULAW_TO_LINEAR[value & 0xFF];
    }

    private static int decodeUlaw(int value) {
        int u = ~value & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return sign != 0 ? -magnitude : magnitude;
    }

    /** Encodes one 16-bit linear sample as G.711 A-law. */
    public static byte linearToAlaw(int sample) {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int segment = 0;
        int end = 0x1F;
        while (segment < 8 && pcm > end) {
            segment++;
            end = (end << 1) | 1;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int value = segment << 4;
        value |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return (byte) (value ^ mask);
    }

    /** Decodes one G.711 A-law byte to a 16-bit linear sample. */
    public static int alawToLinear(byte value) {
        return ALAW_TO_LINEAR[value & 0xFF];
    }

    private static int decodeAlaw(int value) {
        int a = value ^ 0x55;
        int magnitude = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            magnitude += 8;
        } else {
            magnitude = (magnitude + 0x108) << (segment - 1);
        }
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    /** The linear 16-bit samples of audio in the given format (at the format's own rate). */
    public static short[] toSamples(byte[] audio, SimulatorAudioFormat format) {
        return toSamples(audio, 0, audio.length, format);
    }

    static short[] toSamples(byte[] audio, int offset, int length, SimulatorAudioFormat format) {
        if (format == SimulatorAudioFormat.PCM16) {
            short[] samples = new short[length / 2];
            for (int i = 0; i < samples.length; i++) {
                int p = offset + 2 * i;
                samples[i] = (short) ((audio[p] & 0xFF) | (audio[p + 1] << 8));
            }
            return samples;
        }
        short[] table = format == SimulatorAudioFormat.G711_ULAW ? ULAW_TO_LINEAR : ALAW_TO_LINEAR;
        short[] samples = new short[length];
        for (int i = 0; i < length; i++) {
            samples[i] = table[audio[offset + i] & 0xFF];
        }
        return samples;
    }

    /** Encodes linear 16-bit samples in the given format (the samples must already be at the format's rate). */
    public static byte[] fromSamples(short[] samples, SimulatorAudioFormat format) {
        if (format == SimulatorAudioFormat.PCM16) {
            byte[] out = new byte[samples.length * 2];
            for (int i = 0; i < samples.length; i++) {
                out[2 * i] = (byte) samples[i];
                out[2 * i + 1] = (byte) (samples[i] >> 8);
            }
            return out;
        }
        byte[] out = new byte[samples.length];
        boolean ulaw = format == SimulatorAudioFormat.G711_ULAW;
        for (int i = 0; i < samples.length; i++) {
            out[i] = ulaw ? linearToUlaw(samples[i]) : linearToAlaw(samples[i]);
        }
        return out;
    }

    /** Linear-interpolation resampling of 16-bit samples. */
    public static short[] resample(short[] samples, int fromRate, int toRate) {
        if (fromRate == toRate || samples.length == 0) {
            return samples.clone();
        }
        int outLength = (int) Math.round(samples.length * (double) toRate / fromRate);
        short[] out = new short[outLength];
        double step = (double) fromRate / toRate;
        for (int i = 0; i < outLength; i++) {
            double position = i * step;
            int index = (int) position;
            double fraction = position - index;
            int a = samples[Math.min(index, samples.length - 1)];
            int b = samples[Math.min(index + 1, samples.length - 1)];
            out[i] = (short) Math.round(a + (b - a) * fraction);
        }
        return out;
    }

    /** Converts audio between formats; returns an exact copy when the formats are equal. */
    public static byte[] convert(byte[] audio, SimulatorAudioFormat from, SimulatorAudioFormat to) {
        if (from == to) {
            return audio.clone();
        }
        short[] samples = resample(toSamples(audio, from), from.sampleRate(), to.sampleRate());
        return fromSamples(samples, to);
    }

    /** A sine tone; {@code amplitude} is relative to full scale (1.0). */
    public static byte[] tone(SimulatorAudioFormat format, double frequencyHz, int millis, double amplitude) {
        int count = format.sampleRate() / 1000 * millis;
        short[] samples = new short[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (short) Math.round(Math.sin(2 * Math.PI * frequencyHz * i / format.sampleRate()) * amplitude * 32767);
        }
        return fromSamples(samples, format);
    }

    /** Digital silence (all samples zero). */
    public static byte[] silence(SimulatorAudioFormat format, int millis) {
        return fromSamples(new short[format.sampleRate() / 1000 * millis], format);
    }

    /** Uniform white noise at the given RMS level in dBFS (e.g. -60), reproducible from the seed. */
    public static byte[] noise(SimulatorAudioFormat format, int millis, double rmsDbfs, long seed) {
        Random random = new Random(seed);
        double peak = Math.pow(10, rmsDbfs / 20) * Math.sqrt(3) * 32767;
        short[] samples = new short[format.sampleRate() / 1000 * millis];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round((random.nextDouble() * 2 - 1) * peak);
        }
        return fromSamples(samples, format);
    }

    /** The RMS level of the audio relative to full scale (1.0). */
    public static double rms(byte[] audio, SimulatorAudioFormat format) {
        return rms(toSamples(audio, format));
    }

    static double rms(short[] samples) {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short s : samples) {
            double v = s / 32768.0;
            sum += v * v;
        }
        return Math.sqrt(sum / samples.length);
    }

    /** Concatenates audio chunks. */
    public static byte[] concat(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }
}
