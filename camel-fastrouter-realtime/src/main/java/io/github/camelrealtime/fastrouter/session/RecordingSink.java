package io.github.camelrealtime.fastrouter.session;

import java.io.InputStream;

/**
 * Where a session's call recording goes when the session closes ({@code recordTo}). Called on a worker, never under
 * the session's lock; the recording's temp files are deleted once it returns.
 */
public interface RecordingSink {

    /**
     * One stereo 16-bit PCM WAV of the call: left the user's audio as sent, right the assistant's as played.
     *
     * @param bytes          the whole WAV when it is small enough to be kept in memory, else null
     * @param stream         the WAV to read (only valid until {@link RecordingSink#deliver} returns)
     * @param length         the WAV's length in bytes
     * @param durationMillis the call's length
     * @param startedAtMillis the session's start (epoch milliseconds)
     */
    record Recording(byte[] bytes, InputStream stream, long length, long durationMillis, long startedAtMillis) {
    }

    void deliver(RealtimeSession session, Recording recording) throws Exception;
}
