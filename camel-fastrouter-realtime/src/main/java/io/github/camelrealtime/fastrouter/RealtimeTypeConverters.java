package io.github.camelrealtime.fastrouter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelrealtime.fastrouter.audio.AudioClip;
import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import io.github.camelrealtime.fastrouter.audio.AudioFormatException;
import io.github.camelrealtime.fastrouter.audio.WavFiles;
import io.github.camelrealtime.fastrouter.audio.WavHeader;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.session.ResponseResult;
import org.apache.camel.Converter;

/** Camel type converters for the component's bodies: events to JSON text or a Map, responses to their text, audio clips to and from WAV. */
@Converter(generateLoader = true)
public final class RealtimeTypeConverters {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private RealtimeTypeConverters() {
    }

    /** The event as its JSON text (audio as base64, as on the wire). */
    @Converter
    public static String eventToString(RealtimeEvent event) {
        return event.toJson();
    }

    /** The event as a Map of its JSON fields. */
    @Converter
    public static Map<String, Object> eventToMap(RealtimeEvent event) {
        return MAPPER.convertValue(MAPPER.valueToTree(event.fields()), MAP);
    }

    /** An audio clip as a WAV file (self-describing, ready to store or play). */
    @Converter
    public static byte[] clipToWav(AudioClip clip) {
        return clip.toWav();
    }

    /** An audio clip as a WAV stream. */
    @Converter
    public static InputStream clipToStream(AudioClip clip) {
        return new ByteArrayInputStream(clip.toWav());
    }

    /** WAV bytes as a clip: G.711 WAV keeps its law, anything else becomes pcm16 24 kHz. */
    @Converter
    public static AudioClip wavToClip(byte[] wav) throws AudioFormatException {
        WavHeader header;
        try {
            header = WavFiles.readHeader(new ByteArrayInputStream(wav));
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFormatException("Cannot read the WAV header: " + e.getMessage());
        }
        AudioFormat target = switch (header.formatTag()) {
            case 7 -> AudioFormat.G711_ULAW;
            case 6 -> AudioFormat.G711_ALAW;
            default -> AudioFormat.PCM16;
        };
        return AudioClip.fromWav(wav, target);
    }

    /** A format name, beta ({@code pcm16}, {@code g711_ulaw}) or GA ({@code audio/pcmu}) spelling. */
    @Converter
    public static AudioFormat toAudioFormat(String name) {
        return AudioFormat.fromName(name);
    }

    /** A response's text, or the transcript of its audio. */
    @Converter
    public static String responseToString(ResponseResult response) {
        return response.spokenOrWrittenText();
    }
}
