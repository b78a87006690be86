package io.github.camelrealtime.fastrouter.session;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelrealtime.fastrouter.audio.AudioFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Barge-in math: truncate at floor(min(played, generated)), per format, with the clamp and the no-audio case. */
class InterruptionClockTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void pcm16CountsFortyEightBytesPerMillisecond() {
        InterruptionClock clock = new InterruptionClock(AudioFormat.PCM16, now::get);
        clock.onAudioDelta("item_a", 0, 4800);
        clock.onAudioDelta("item_a", 0, 4824); // 200.5 ms generated in all

        assertThat(clock.generatedMillis("item_a")).isEqualTo(200.5);
        assertThat(clock.truncation(120L)).contains(new InterruptionClock.Truncation("item_a", 0, 120));
        assertThat(clock.truncation(5000L)).contains(new InterruptionClock.Truncation("item_a", 0, 200));
        assertThat(clock.truncation(0L)).contains(new InterruptionClock.Truncation("item_a", 0, 0));
    }

    @Test
    void g711CountsEightBytesPerMillisecondForBothLaws() {
        for (AudioFormat format : new AudioFormat[] { AudioFormat.G711_ULAW, AudioFormat.G711_ALAW }) {
            InterruptionClock clock = new InterruptionClock(format, now::get);
            clock.onAudioDelta("item_g", 0, 800);
            clock.onAudioDelta("item_g", 0, 7); // 100.875 ms

            assertThat(clock.generatedMillis("item_g")).isEqualTo(100.875);
            assertThat(clock.truncation(99L)).contains(new InterruptionClock.Truncation("item_g", 0, 99));
            assertThat(clock.truncation(101L)).contains(new InterruptionClock.Truncation("item_g", 0, 100));
        }
    }

    @Test
    void withoutAPlayedHeaderTheWallClockSinceTheFirstDeltaCounts() {
        InterruptionClock clock = new InterruptionClock(AudioFormat.PCM16, now::get);
        clock.onAudioDelta("item_w", 0, 48_000); // one second generated
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(350));
        clock.onAudioDelta("item_w", 0, 48_000); // the wall clock starts at the FIRST delta

        assertThat(clock.truncation(null)).contains(new InterruptionClock.Truncation("item_w", 0, 350));
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(clock.truncation(null)).contains(new InterruptionClock.Truncation("item_w", 0, 2000));
    }

    @Test
    void nothingToTruncateWithoutAudioOrAfterATruncation() {
        InterruptionClock clock = new InterruptionClock(AudioFormat.PCM16, now::get);
        assertThat(clock.truncation(100L)).isEmpty();

        clock.onAudioDelta("item_z", 0, 0);
        assertThat(clock.truncation(100L)).isEmpty();

        clock.onAudioDelta("item_z", 0, 960);
        assertThat(clock.truncation(100L)).contains(new InterruptionClock.Truncation("item_z", 0, 20));
        clock.markTruncated("item_z");
        assertThat(clock.truncation(100L)).isEmpty();
    }

    @Test
    void theLatestItemIsTheOneBeingPlayed() {
        InterruptionClock clock = new InterruptionClock(AudioFormat.PCM16, now::get);
        clock.onAudioDelta("first", 0, 4800);
        clock.onAudioDelta("second", 1, 9600);

        assertThat(clock.truncation(1000L)).contains(new InterruptionClock.Truncation("second", 1, 200));
    }
}
