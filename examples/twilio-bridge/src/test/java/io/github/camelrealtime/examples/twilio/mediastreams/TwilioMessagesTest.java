package io.github.camelrealtime.examples.twilio.mediastreams;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwilioMessagesTest {

    @Test
    void readsWhatTwilioSends() {
        assertThat(TwilioMessages.parse(TwilioMessages.connected())).isEqualTo(new TwilioMessage.Connected("Call", "1.0.0"));

        TwilioMessage.Start start = (TwilioMessage.Start) TwilioMessages.parse(
                TwilioMessages.start(1, "MZ1", "CA1", "AC1", Map.of("caller", "+1555")));
        assertThat(start.streamSid()).isEqualTo("MZ1");
        assertThat(start.callSid()).isEqualTo("CA1");
        assertThat(start.tracks()).containsExactly("inbound");
        assertThat(start.mediaFormat().isMulaw8k()).isTrue();
        assertThat(start.customParameters()).containsEntry("caller", "+1555");

        TwilioMessage.Media media = (TwilioMessage.Media) TwilioMessages.parse(TwilioMessages.inboundMedia(2, "MZ1", 3, 40, new byte[] {1, 2, 3}));
        assertThat(media.payload()).containsExactly(1, 2, 3);
        assertThat(media.chunk()).isEqualTo(3);
        assertThat(media.timestamp()).isEqualTo(40);

        assertThat(TwilioMessages.parse(TwilioMessages.markEcho(4, "MZ1", "m1-100"))).isEqualTo(new TwilioMessage.Mark("MZ1", "m1-100"));
        assertThat(TwilioMessages.parse(TwilioMessages.dtmf(5, "MZ1", "#"))).isEqualTo(new TwilioMessage.Dtmf("MZ1", "inbound_track", "#"));
        assertThat(TwilioMessages.parse(TwilioMessages.stop(6, "MZ1", "CA1", "AC1"))).isEqualTo(new TwilioMessage.Stop("MZ1", "CA1", "AC1"));

        // Twilio's documented example shape, written by hand
        String doc = "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\","
                     + "\"timestamp\":\"5\",\"payload\":\"/w==\"},\"streamSid\":\"MZXXXX\"}";
        assertThat(((TwilioMessage.Media) TwilioMessages.parse(doc)).payload()).containsExactly((byte) 0xFF);
    }

    @Test
    void unknownEventsAreReturnedMalformedOnesRejected() {
        assertThat(TwilioMessages.parse("{\"event\":\"transcription\",\"streamSid\":\"MZ1\"}"))
                .isInstanceOf(TwilioMessage.Unknown.class).extracting(TwilioMessage::event).isEqualTo("transcription");
        for (String bad : new String[] {"", "not json", "[1,2]", "{\"foo\":1}", "{\"event\":\"media\",\"streamSid\":\"MZ1\"}",
                "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"%%%\"}}", "{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{}}",
                "{\"event\":\"start\",\"start\":{}}", "{\"event\":\"media\",\"media\":{\"payload\":\"/w==\"}}"}) {
            assertThatThrownBy(() -> TwilioMessages.parse(bad)).as(bad).isInstanceOf(MalformedTwilioMessageException.class);
        }
    }

    @Test
    void writesWhatTwilioReads() {
        TwilioMessages.Outbound media = TwilioMessages.parseOutbound(TwilioMessages.media("MZ1", new byte[] {9, 8}));
        assertThat(media.event()).isEqualTo("media");
        assertThat(media.streamSid()).isEqualTo("MZ1");
        assertThat(media.payload()).containsExactly(9, 8);
        assertThat(TwilioMessages.mark("MZ1", "m1")).isEqualTo("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m1\"}}");
        assertThat(TwilioMessages.clear("MZ1")).isEqualTo("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}");
    }

    @Test
    void twimlConnectsABidirectionalStream() {
        assertThat(TwiML.connectStream("wss://a.example/media-stream", Map.of()))
                .endsWith("<Response><Connect><Stream url=\"wss://a.example/media-stream\"/></Connect></Response>");
        assertThat(TwiML.connectStream("wss://a/x?a=1&b=2", Map.of("k", "<v>")))
                .contains("url=\"wss://a/x?a=1&amp;b=2\"><Parameter name=\"k\" value=\"&lt;v&gt;\"/></Stream>");
        assertThat(TwiML.streamUrl(null, "abc.ngrok.app", "/media-stream")).isEqualTo("wss://abc.ngrok.app/media-stream");
        assertThat(TwiML.streamUrl("https://pub.example/", "ignored", "/media-stream")).isEqualTo("wss://pub.example/media-stream");
        assertThatThrownBy(() -> TwiML.streamUrl(null, null, "/media-stream")).isInstanceOf(IllegalArgumentException.class);
    }
}
