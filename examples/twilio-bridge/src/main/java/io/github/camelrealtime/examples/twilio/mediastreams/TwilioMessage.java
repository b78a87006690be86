package io.github.camelrealtime.examples.twilio.mediastreams;

import java.util.List;
import java.util.Map;

/**
 * One message of Twilio's Media Streams WebSocket protocol, as Twilio sends it to your server (read with
 * {@link TwilioMessages#parse(String)}). Bidirectional streams ({@code <Connect><Stream>}) send {@code connected},
 * {@code start}, then {@code media} every 20 ms, {@code mark} (echo of a mark you sent, once the audio before it has
 * played or was cleared), {@code dtmf} (a key press) and finally {@code stop}. Anything else is {@link Unknown}.
 */
public sealed interface TwilioMessage {

    /** The {@code event} field. */
    String event();

    /** The stream this message belongs to; null for {@code connected}. */
    String streamSid();

    /** {@code {"event":"connected","protocol":"Call","version":"1.0.0"}}: the first message, before {@code start}. */
    record Connected(String protocol, String version) implements TwilioMessage {
        @Override
        public String event() {
            return "connected";
        }

        @Override
        public String streamSid() {
            return null;
        }
    }

    /**
     * {@code start}: the stream's metadata, once. {@code mediaFormat} is {@code audio/x-mulaw}, 8000 Hz, 1 channel on
     * every Twilio stream; {@code customParameters} are the {@code <Parameter>}s of the TwiML {@code <Stream>}.
     */
    record Start(String streamSid, String callSid, String accountSid, List<String> tracks, MediaFormat mediaFormat,
                 Map<String, String> customParameters) implements TwilioMessage {
        @Override
        public String event() {
            return "start";
        }
    }

    /** Audio encoding of a stream, from {@code start.mediaFormat}. */
    record MediaFormat(String encoding, int sampleRate, int channels) {
        public static final MediaFormat TWILIO = new MediaFormat("audio/x-mulaw", 8000, 1);

        public boolean isMulaw8k() {
            return "audio/x-mulaw".equalsIgnoreCase(encoding) && sampleRate == 8000 && channels == 1;
        }
    }

    /**
     * {@code media}: one frame of the caller's audio (20 ms, 160 bytes of mu-law), already base64-decoded.
     * {@code timestamp} is milliseconds since the stream started; {@code chunk} counts from 1.
     */
    record Media(String streamSid, String track, long chunk, long timestamp, byte[] payload) implements TwilioMessage {
        @Override
        public String event() {
            return "media";
        }
    }

    /** {@code mark}: Twilio played (or, after {@code clear}, dropped) the audio sent before the mark of that name. */
    record Mark(String streamSid, String name) implements TwilioMessage {
        @Override
        public String event() {
            return "mark";
        }
    }

    /** {@code dtmf}: the caller pressed a key ({@code 0-9}, {@code *}, {@code #}). */
    record Dtmf(String streamSid, String track, String digit) implements TwilioMessage {
        @Override
        public String event() {
            return "dtmf";
        }
    }

    /** {@code stop}: the stream ended (the caller hung up, or the call left the {@code <Connect>}). */
    record Stop(String streamSid, String callSid, String accountSid) implements TwilioMessage {
        @Override
        public String event() {
            return "stop";
        }
    }

    /** A well-formed message whose {@code event} this code does not know; log it and go on. */
    record Unknown(String event, String streamSid, String json) implements TwilioMessage {
    }
}
