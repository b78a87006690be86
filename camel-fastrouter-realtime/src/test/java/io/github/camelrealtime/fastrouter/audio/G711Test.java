package io.github.camelrealtime.fastrouter.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class G711Test {

    private static byte[] allSamples() {
        byte[] pcm = new byte[65_536 * 2];
        for (int v = -32_768; v < 32_768; v++) {
            int i = v + 32_768;
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        return pcm;
    }

    private static final javax.sound.sampled.AudioFormat PCM_8K = new javax.sound.sampled.AudioFormat(8000, 16, 1, true, false);

    private static byte[] jdkConvert(byte[] data, javax.sound.sampled.AudioFormat from, javax.sound.sampled.AudioFormat to)
            throws Exception {
        AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data), from, data.length / from.getFrameSize());
        return AudioSystem.getAudioInputStream(to, in).readAllBytes();
    }

    @ParameterizedTest(name = "A-law: {0}")
    @ValueSource(booleans = {false, true})
    void encodingQuantisesEverySampleWithinHalfAStepAndMonotonically(boolean aLaw) {
        int maxCode = aLaw ? 32_256 : 32_124; // the largest magnitude either law reconstructs
        int previous = Integer.MIN_VALUE;
        for (int x = -32_768; x < 32_768; x++) {
            byte code = aLaw ? G711.linearToAlaw(x) : G711.linearToUlaw(x);
            int decoded = aLaw ? G711.alawToLinear(code) : G711.ulawToLinear(code);
            assertThat(decoded).as("monotonic at %d", x).isGreaterThanOrEqualTo(previous);
            previous = decoded;
            if (Math.abs(x) <= maxCode) {
                // half the quantisation step of the code's segment, plus the bits G.711 drops before quantising
                int segment = ((aLaw ? code ^ 0x55 : ~code) & 0x70) >> 4;
                int halfStep = aLaw ? 8 << Math.max(segment - 1, 0) : 4 << segment;
                assertThat(Math.abs(decoded - x)).as("error at %d", x).isLessThanOrEqualTo(halfStep + (aLaw ? 8 : 4));
            }
        }
    }

    @ParameterizedTest(name = "A-law: {0}")
    @ValueSource(booleans = {false, true})
    void encodingAgreesWithTheJdkWhereTheJdkIsRight(boolean aLaw) throws Exception {
        byte[] pcm = allSamples();
        byte[] ours = new byte[65_536];
        G711.encode(aLaw, pcm, 0, 65_536, ours, 0);
        byte[] jdk = jdkConvert(pcm, PCM_8K, (aLaw ? AudioFormat.G711_ALAW : AudioFormat.G711_ULAW).toJavaSound());

        // positive samples below the JDK mu-law encoder's short overflow (see G711's javadoc) must agree exactly
        for (int x = 0; x < 32_000; x++) {
            assertThat(ours[x + 32_768]).as("sample %d", x).isEqualTo(jdk[x + 32_768]);
        }
        int differences = 0;
        for (int i = 0; i < 65_536; i++) {
            differences += ours[i] == jdk[i] ? 0 : 1;
        }
        assertThat(differences).isLessThan(1_000);
    }

    @ParameterizedTest(name = "A-law: {0}")
    @ValueSource(booleans = {false, true})
    void decodingMatchesTheJdkCodecForEveryCode(boolean aLaw) throws Exception {
        byte[] codes = new byte[256];
        for (int c = 0; c < 256; c++) {
            codes[c] = (byte) c;
        }
        byte[] ours = new byte[512];
        G711.decode(aLaw, codes, 0, 256, ours, 0);

        AudioFormat format = aLaw ? AudioFormat.G711_ALAW : AudioFormat.G711_ULAW;
        byte[] jdk = jdkConvert(codes, format.toJavaSound(), PCM_8K);
        assertThat(ours).containsExactly(jdk);
    }

    @Test
    void knownCodesFromTheStandard() {
        assertThat(G711.linearToUlaw(0)).isEqualTo((byte) 0xFF);
        assertThat(G711.linearToUlaw(32_767)).isEqualTo((byte) 0x80);
        assertThat(G711.linearToUlaw(-32_768)).isEqualTo((byte) 0x00);
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32_124);
        assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.linearToAlaw(0)).isEqualTo((byte) 0xD5);
        assertThat(G711.linearToAlaw(-1)).isEqualTo((byte) 0x55);
        assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32_256);
    }

    @Test
    void everyCodeSurvivesDecodeAndEncode() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            assertThat(G711.linearToAlaw(G711.alawToLinear(code))).isEqualTo(code);
            if (c != 0x7F) { // mu-law has two zeros (0x7F, 0xFF); zero encodes as 0xFF
                assertThat(G711.linearToUlaw(G711.ulawToLinear(code))).isEqualTo(code);
            }
        }
    }

    @ParameterizedTest(name = "A-law: {0}")
    @ValueSource(booleans = {false, true})
    void speechAt8kHzKeepsSnrOver35dB(boolean aLaw) {
        float[] speech8k = ResamplerTest.resampleWhole(Signals.speech("speech-16k-mono.wav"), 16_000, 8_000);
        byte[] pcm = Signals.pcm16(Signals.normalise(speech8k, 24_000), 1);
        byte[] codes = new byte[pcm.length / 2];
        G711.encode(aLaw, pcm, 0, codes.length, codes, 0);
        byte[] decoded = new byte[pcm.length];
        G711.decode(aLaw, codes, 0, codes.length, decoded, 0);

        float[] reference = Signals.fromPcm16(pcm);
        double snr = Signals.snr(reference, Signals.fromPcm16(decoded), 0, reference.length);
        assertThat(snr).isGreaterThanOrEqualTo(35.0);
    }
}
