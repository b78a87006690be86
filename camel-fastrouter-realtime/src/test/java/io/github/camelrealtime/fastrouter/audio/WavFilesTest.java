package io.github.camelrealtime.fastrouter.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavFilesTest {

    /** A 24 kHz test tone: no resampling on the way to pcm16, so decoding can be checked sample by sample. */
    private static final float[] TONE = Signals.sine(440, 24_000, 0.1, 20_000);

    private static byte[] readPcm16(byte[] wav) throws IOException {
        try (AudioInput in = AudioInput.open(wav, null, AudioFormat.PCM16)) {
            return in.readAll();
        }
    }

    private static void assertTone(byte[] pcm16, double tolerance) {
        float[] got = Signals.fromPcm16(pcm16);
        assertThat(got).hasSize(TONE.length);
        for (int i = 0; i < got.length; i++) {
            assertThat((double) got[i]).as("sample %d", i).isCloseTo(TONE[i], org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    @ParameterizedTest(name = "{0} {1}-bit, {2} channel(s)")
    @CsvSource({
        "PCM_U8, 1, 8, 1, 129", "PCM_U8, 1, 8, 2, 129", "PCM_S16, 1, 16, 1, 0.5", "PCM_S16, 1, 16, 2, 0.5",
        "PCM_S24, 1, 24, 1, 0.51", "PCM_S24, 1, 24, 2, 0.51", "PCM_S32, 1, 32, 1, 0.51", "PCM_S32, 1, 32, 2, 0.51",
        "FLOAT32, 3, 32, 1, 0.51", "FLOAT32, 3, 32, 2, 0.51", "FLOAT64, 3, 64, 1, 0.51", "FLOAT64, 3, 64, 6, 0.51",
        "ULAW, 7, 8, 1, 700", "ALAW, 6, 8, 2, 700", "PCM_S16, 1, 16, 5, 0.5"
    })
    void readsEverySupportedSampleType(SampleEncoding encoding, int tag, int bits, int channels, double tolerance)
            throws IOException {
        TestWav wav = TestWav.pcm(channels, 24_000, bits, TestWav.encode(TONE, encoding, channels)).tag(tag);

        assertTone(readPcm16(wav.build()), tolerance);
        try (AudioInput in = AudioInput.open(wav.build(), null, AudioFormat.PCM16)) {
            assertThat(in.describeSource()).startsWith("WAV ").contains(encoding == SampleEncoding.PCM_S24 ? "PCM 24-bit" : "",
                    "24000 Hz", channels == 1 ? "mono" : channels == 2 ? "stereo" : channels + " channels");
            assertThat(in.sourceChannels()).isEqualTo(channels);
        }
    }

    @ParameterizedTest(name = "sub-format {0} {1}-bit")
    @CsvSource({"PCM_S16, 1, 16", "PCM_S24, 1, 24", "PCM_S32, 1, 32", "FLOAT32, 3, 32", "ULAW, 7, 8"})
    void readsWaveFormatExtensible(SampleEncoding encoding, int subTag, int bits) throws IOException {
        TestWav wav = TestWav.pcm(2, 24_000, bits, TestWav.encode(TONE, encoding, 2)).extensible(subTag);

        assertTone(readPcm16(wav.build()), encoding == SampleEncoding.ULAW ? 700 : 0.51);
        WavHeader header = WavFiles.readHeader(new ByteArrayInputStream(wav.build()));
        assertThat(header.extensible()).isTrue();
        assertThat(header.formatTag()).isEqualTo(subTag);
    }

    @Test
    void skipsListAndOddSizedChunksWithTheirPadByte() throws IOException {
        TestWav wav = TestWav.pcm(1, 24_000, 16, TestWav.encode(TONE, SampleEncoding.PCM_S16, 1));
        TestWav.chunk(wav.beforeFmt, "JUNK", new byte[] {1, 2, 3});
        TestWav.chunk(wav.beforeData, "LIST", "INFOISFT\u0005\0\0\0Lavf\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        TestWav.chunk(wav.beforeData, "fact", TestWav.le32(TONE.length));
        TestWav.chunk(wav.afterData, "LIST", new byte[301]); // after the data: must not be read as audio

        assertTone(readPcm16(wav.build()), 0.5);
    }

    @Test
    void oddLengthDataChunkIsPaddedAndTrailingChunksAreNotAudio() throws IOException {
        byte[] codes = TestWav.encode(Arrays.copyOf(TONE, 801), SampleEncoding.ULAW, 1);
        TestWav wav = TestWav.pcm(1, 8_000, 8, codes).tag(7);
        TestWav.chunk(wav.afterData, "LIST", new byte[100]);

        try (AudioInput in = AudioInput.open(wav.build(), null, AudioFormat.G711_ULAW)) {
            assertThat(in.readAll()).containsExactly(codes);
        }
    }

    @ParameterizedTest(name = "data size field {0}")
    @CsvSource({"0", "4294967295"})
    void streamingDataSizeReadsToTheEnd(long sizeField) throws IOException {
        TestWav wav = TestWav.pcm(1, 24_000, 16, TestWav.encode(TONE, SampleEncoding.PCM_S16, 1));
        wav.dataSizeField = sizeField;

        assertThat(WavFiles.readHeader(new ByteArrayInputStream(wav.build())).dataLengthKnown()).isFalse();
        assertTone(readPcm16(wav.build()), 0.5);
    }

    @Test
    void readsRf64WithItsDs64Length() throws IOException {
        byte[] data = TestWav.encode(TONE, SampleEncoding.PCM_S16, 1);
        TestWav wav = TestWav.pcm(1, 24_000, 16, data);
        wav.riff = "RF64";
        byte[] ds64 = new byte[28];
        System.arraycopy(TestWav.le32(data.length), 0, ds64, 8, 4);
        TestWav.chunk(wav.beforeFmt, "ds64", ds64);
        wav.dataSizeField = 0xFFFFFFFFL;
        TestWav.chunk(wav.afterData, "LIST", new byte[40]);

        WavHeader header = WavFiles.readHeader(new ByteArrayInputStream(wav.build()));
        assertThat(header.dataLength()).isEqualTo(data.length);
        assertTone(readPcm16(wav.build()), 0.5);
    }

    @Test
    void readsFilesWrittenByTheJdk() throws Exception {
        for (javax.sound.sampled.AudioFormat format : new javax.sound.sampled.AudioFormat[] {
            new javax.sound.sampled.AudioFormat(24_000, 8, 1, false, false),
            new javax.sound.sampled.AudioFormat(24_000, 16, 2, true, false),
            new javax.sound.sampled.AudioFormat(24_000, 24, 1, true, false),
            new javax.sound.sampled.AudioFormat(24_000, 32, 1, true, false)}) {
            int bytes = format.getSampleSizeInBits() / 8;
            SampleEncoding encoding = bytes == 1 ? SampleEncoding.PCM_U8 : bytes == 2 ? SampleEncoding.PCM_S16
                    : bytes == 3 ? SampleEncoding.PCM_S24 : SampleEncoding.PCM_S32;
            byte[] data = TestWav.encode(TONE, encoding, format.getChannels());
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(data), format, TONE.length),
                    AudioFileFormat.Type.WAVE, file);

            assertTone(readPcm16(file.toByteArray()), bytes == 1 ? 129 : 0.51);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PCM16, 4800", "G711_ULAW, 801", "G711_ALAW, 800"})
    void writtenWavIsReadByTheJdkAndRoundTripsBitExactly(AudioFormat format, int length) throws Exception {
        byte[] raw = new byte[length];
        new Random(1).nextBytes(raw);
        byte[] wav = WavFiles.toWav(raw, 0, raw.length, format);

        assertThat(WavFiles.isWav(wav)).isTrue();
        AudioInputStream jdk = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav));
        assertThat(jdk.getFormat().getEncoding()).isEqualTo(format.toJavaSound().getEncoding());
        assertThat(jdk.getFormat().getSampleRate()).isEqualTo(format.sampleRate());
        assertThat(jdk.getFormat().getChannels()).isEqualTo(1);
        assertThat(jdk.getFrameLength()).isEqualTo(length / format.bytesPerSample());
        assertThat(jdk.readAllBytes()).containsExactly(raw);
        try (AudioInput in = AudioInput.open(wav, null, format)) {
            assertThat(in.readAll()).containsExactly(raw);
        }
    }

    @Test
    void headerForUnknownLengthUsesStreamingSizes() throws IOException {
        byte[] header = WavFiles.header(AudioFormat.PCM16, -1);
        WavHeader parsed = WavFiles.readHeader(new ByteArrayInputStream(header));

        assertThat(parsed.dataLengthKnown()).isFalse();
        assertThat(parsed.sampleRate()).isEqualTo(24_000);
        assertThat(parsed.describe()).isEqualTo("WAV PCM 16-bit 24000 Hz mono");
    }

    @Test
    void isWavRecognisesOnlyRiffWave() {
        assertThat(WavFiles.isWav(WavFiles.header(AudioFormat.G711_ALAW, 0))).isTrue();
        assertThat(WavFiles.isWav("RIFF\0\0\0\0AVI LIST".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).isFalse();
        assertThat(WavFiles.isWav(new byte[] {'R', 'I', 'F', 'F'})).isFalse();
        assertThat(WavFiles.isWav(null)).isFalse();
    }

    private static String failure(byte[] file) {
        try {
            AudioInput.open(file, null, AudioFormat.PCM16);
        } catch (AudioFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("no AudioFormatException");
    }

    @Test
    void compressedEncodingsAreRejectedByName() {
        assertThat(failure(TestWav.pcm(1, 44_100, 0, new byte[100]).tag(0x55).build()))
                .startsWith("WAV encoding 0x0055 (MPEG Layer 3) is not supported").contains("PCM 8/16/24/32-bit");
        TestWav adpcm = TestWav.pcm(1, 8_000, 4, new byte[256]).tag(0x11);
        adpcm.blockAlign = 256;
        assertThat(failure(adpcm.build())).startsWith("WAV encoding 0x0011 (IMA ADPCM) is not supported");
        assertThat(failure(TestWav.pcm(1, 8_000, 8, new byte[10]).tag(0x1234).build()))
                .startsWith("WAV encoding 0x1234 (unknown) is not supported");
        assertThat(failure(TestWav.pcm(2, 48_000, 16, new byte[10]).extensible(0x55).build()))
                .contains("WAVE_FORMAT_EXTENSIBLE sub-format {00000055-0000-0010-8000-00aa00389b71} (MPEG Layer 3)");
        TestWav oddGuid = TestWav.pcm(2, 48_000, 16, new byte[10]).extensible(1);
        oddGuid.standardGuid = false;
        assertThat(failure(oddGuid.build())).contains("sub-format {00000001-0000-0010-8000-00aa00389b2b} is not supported");
    }

    @Test
    void implausibleFormatsAreRejected() {
        assertThat(failure(TestWav.pcm(1, 48_000, 16, new byte[10]).tag(3).build()))
                .isEqualTo("WAV IEEE float with 16 bits per sample is not supported; " + WavFiles.SUPPORTED);
        assertThat(failure(TestWav.pcm(0, 48_000, 16, new byte[10]).build())).contains("0 channels");
        assertThat(failure(TestWav.pcm(1, 0, 16, new byte[10]).build())).contains("sample rate 0 Hz");
        TestWav misaligned = TestWav.pcm(2, 48_000, 16, new byte[12]);
        misaligned.blockAlign = 3;
        assertThat(failure(misaligned.build())).contains("block align 3 does not match 2 channel(s) of 16-bit samples");
    }

    @Test
    void brokenFilesAreRejectedWithWhatWasFound() {
        byte[] good = TestWav.pcm(1, 24_000, 16, new byte[480]).build();
        assertThat(failure(Arrays.copyOf(good, 30))).startsWith("WAV header truncated").contains("fmt");
        assertThat(failure(Arrays.copyOf(good, 8))).startsWith("WAV header truncated");
        assertThat(failure(Arrays.copyOf(good, 36))).startsWith("WAV has no data chunk");
        assertThat(failure(Arrays.copyOf(good, 12))).startsWith("WAV has no fmt chunk");

        byte[] dataFirst = "RIFF\u0010\0\0\0WAVEdata\u0004\0\0\0abcd".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(failure(dataFirst)).isEqualTo("WAV data chunk comes before any fmt chunk");

        byte[] garbage = new byte[64];
        new Random(3).nextBytes(garbage);
        garbage[0] = 0x13;
        assertThat(failure(garbage)).startsWith("Not a WAV file: starts with 13 ").endsWith("and no raw audio format was given");
        assertThat(failure(new byte[0])).contains("nothing (empty input)");
    }

    @Test
    void otherContainersAreNamed() {
        assertThat(failure("OggS\0\u0002\0\0\0\0\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .startsWith("Unsupported audio: found Ogg audio");
        assertThat(failure("ID3\u0004\0\0\0\0\0\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .contains("MP3 audio (ID3 tag)");
        assertThat(failure("RIFX\0\0\0\u0024WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .contains("big-endian RIFX WAV");
        assertThat(failure("RIFF\u0024\0\0\0AVI LIST".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .contains("a RIFF file of type 'AVI ', not WAVE");
    }
}
