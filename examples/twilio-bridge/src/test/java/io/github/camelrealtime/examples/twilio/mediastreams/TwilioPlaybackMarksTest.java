package io.github.camelrealtime.examples.twilio.mediastreams;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioPlaybackMarksTest {

    @Test
    void playedIsTheLastEchoedMarkOfTheCurrentItem() {
        PlaybackMarks marks = new PlaybackMarks(8);
        String a = marks.sent("item1", 800);   // 100 ms
        String b = marks.sent("item1", 800);   // 200 ms
        String c = marks.sent("item1", 400);   // 250 ms
        assertThat(marks.isPlaying()).isTrue();
        assertThat(marks.playedMs()).isZero();
        assertThat(marks.acknowledged(a)).isTrue();
        assertThat(marks.playedMs()).isEqualTo(100);
        assertThat(marks.acknowledged(c)).isTrue();          // echoes come in order: b has played too
        assertThat(marks.playedMs()).isEqualTo(250);
        assertThat(marks.acknowledged(b)).isFalse();
        assertThat(marks.isPlaying()).isFalse();
        assertThat(marks.acknowledgedCount()).isEqualTo(3);
    }

    @Test
    void interruptionForgetsPendingMarksSoTheirEchoesAfterClearDoNotCount() {
        PlaybackMarks marks = new PlaybackMarks(8);
        String a = marks.sent("item1", 800);
        String b = marks.sent("item1", 800);
        marks.acknowledged(a);
        PlaybackMarks.Interruption i = marks.interrupt();
        assertThat(i).isEqualTo(new PlaybackMarks.Interruption("item1", 100, 200, 1));
        assertThat(marks.isPlaying()).isFalse();
        assertThat(marks.acknowledged(b)).isFalse();         // Twilio echoes it after clear: not played
        assertThat(marks.playedMs()).isEqualTo(100);
    }

    @Test
    void aNewItemCountsFromZero() {
        PlaybackMarks marks = new PlaybackMarks(48);
        marks.acknowledged(marks.sent("item1", 4800));
        String x = marks.sent("item2", 9600);
        assertThat(marks.playedMs()).isZero();
        assertThat(marks.sentMs()).isEqualTo(200);
        marks.acknowledged(x);
        assertThat(marks.playedMs()).isEqualTo(200);
        assertThat(marks.interrupt().itemId()).isEqualTo("item2");
    }
}
