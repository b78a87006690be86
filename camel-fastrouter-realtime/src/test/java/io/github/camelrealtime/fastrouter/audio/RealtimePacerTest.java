package io.github.camelrealtime.fastrouter.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RealtimePacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void chunksAreDueAtTheirAudioOffsetFromTheStart() {
        AtomicLong clock = new AtomicLong(5_000 * MS);
        RealtimePacer pacer = new RealtimePacer(AudioFormat.PCM16, clock::get);
        int chunk = AudioChunker.chunkBytes(AudioFormat.PCM16, 100);

        assertThat(pacer.nextDelayNanos(chunk)).isZero(); // the first goes at once
        assertThat(pacer.nextDelayNanos(chunk)).isEqualTo(100 * MS);
        clock.addAndGet(100 * MS);
        assertThat(pacer.nextDelayNanos(chunk)).isEqualTo(100 * MS); // due at 200 ms, now is 100 ms
        clock.addAndGet(130 * MS); // sent 30 ms late
        assertThat(pacer.nextDelayNanos(chunk)).isEqualTo(70 * MS); // due at 300 ms: the lateness does not accumulate
        clock.addAndGet(500 * MS); // now 730 ms: far behind
        assertThat(pacer.nextDelayNanos(chunk)).isZero(); // due at 400 ms
        assertThat(pacer.nextDelayNanos(chunk)).isZero(); // due at 500 ms
        assertThat(pacer.bytesScheduled()).isEqualTo(6L * chunk);
        assertThat(pacer.nanosUntilEnd()).isZero(); // 600 ms of audio, 730 ms passed
        clock.set(5_000 * MS + 550 * MS);
        assertThat(pacer.nanosUntilEnd()).isEqualTo(50 * MS);
    }

    @Test
    void threeSecondsInHundredMillisecondChunksEndAtThreeSeconds() {
        AtomicLong clock = new AtomicLong();
        RealtimePacer pacer = new RealtimePacer(AudioFormat.G711_ULAW, clock::get);
        pacer.start();
        long lastDue = 0;
        for (int i = 0; i < 30; i++) {
            lastDue = pacer.nextDelayNanos(800);
        }
        assertThat(lastDue).isEqualTo(2_900 * MS);
        assertThat(pacer.nanosUntilEnd()).isEqualTo(3_000 * MS);
        assertThat(pacer.dueOffsetNanos(8_000)).isEqualTo(1_000 * MS);
    }

    @Test
    void oddChunksAddUpWithoutRoundingDrift() {
        AtomicLong clock = new AtomicLong();
        RealtimePacer pacer = new RealtimePacer(AudioFormat.PCM16, clock::get);
        long last = 0;
        for (int i = 0; i < 48_001; i++) {
            last = pacer.nextDelayNanos(2); // one sample: 41,666.67 ns each
        }
        assertThat(last).isEqualTo(2_000 * MS); // 48,000 samples before the last one: exactly 2 s
    }

    @Test
    void pacesRealSendsOnAScheduler() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            RealtimePacer pacer = new RealtimePacer(AudioFormat.PCM16);
            int chunk = AudioChunker.chunkBytes(AudioFormat.PCM16, 50);
            CompletableFuture<Long> done = new CompletableFuture<>();
            long start = System.nanoTime();
            Runnable[] send = new Runnable[1];
            AtomicLong sent = new AtomicLong();
            send[0] = () -> {
                if (sent.incrementAndGet() == 12) {
                    done.complete(System.nanoTime() - start);
                } else {
                    scheduler.schedule(send[0], pacer.nextDelayNanos(chunk), TimeUnit.NANOSECONDS);
                }
            };
            scheduler.schedule(send[0], pacer.nextDelayNanos(chunk), TimeUnit.NANOSECONDS);

            long elapsed = done.get(30, TimeUnit.SECONDS);
            // the 12th send is due after 11 chunks of 50 ms; never earlier (real time), the upper bound is generous
            assertThat(elapsed).isGreaterThanOrEqualTo(550 * MS).isLessThan(10_000 * MS);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
