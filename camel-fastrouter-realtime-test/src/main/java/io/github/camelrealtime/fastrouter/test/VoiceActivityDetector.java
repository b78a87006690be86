package io.github.camelrealtime.fastrouter.test;

/**
 * Energy-based turn detection over 10 ms frames. A frame is speech when its RMS level (full scale = 1.0) is
 * above {@code threshold * 0.1}; speech starts after {@value #FRAMES_TO_START} consecutive speech frames and
 * stops after {@code silenceMs} of non-speech frames. Times are milliseconds of audio since the session's first
 * append, counted on the same timeline as the session.
 */
final class VoiceActivityDetector {

    static final int FRAME_MS = 10;
    static final int FRAMES_TO_START = 3;

    /** Receives the detected turn boundaries. */
    interface Listener {
        /** @param speechStartMs start of the first of the speech frames that started the turn */
        void speechStarted(long speechStartMs);

        /**
         * @param speechEndMs end of the last speech frame of the turn
         * @param detectedAtMs end of the frame at which the silence became long enough
         */
        void speechStopped(long speechEndMs, long detectedAtMs);
    }

    private final SimulatorAudioFormat format;
    private final double rmsThreshold;
    private final int silenceFrames;
    private final byte[] frame;
    private int frameFill;
    private long frameStartMs;

    private boolean speaking;
    private int speechRun;
    private long speechRunStartMs;
    private int silenceRun;
    private long lastSpeechEndMs;

    VoiceActivityDetector(SimulatorAudioFormat format, double threshold, int silenceMs, long timelineStartMs) {
        this.format = format;
        this.rmsThreshold = threshold * 0.1;
        this.silenceFrames = Math.max(1, (silenceMs + FRAME_MS - 1) / FRAME_MS);
        this.frame = new byte[format.bytesPerMillisecond() * FRAME_MS];
        this.frameStartMs = timelineStartMs;
    }

    boolean speaking() {
        return speaking;
    }

    /** Forgets the current turn (after a manual commit or clear); the timeline continues. */
    void resetTurn() {
        speaking = false;
        speechRun = 0;
        silenceRun = 0;
    }

    void feed(byte[] audio, int offset, int length, Listener listener) {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int n = Math.min(frame.length - frameFill, end - position);
            System.arraycopy(audio, position, frame, frameFill, n);
            frameFill += n;
            position += n;
            if (frameFill == frame.length) {
                frameFill = 0;
                onFrame(isSpeech(), listener);
                frameStartMs += FRAME_MS;
            }
        }
    }

    private boolean isSpeech() {
        double sum = 0;
        int count;
        if (format == SimulatorAudioFormat.PCM16) {
            count = frame.length / 2;
            for (int i = 0; i < frame.length; i += 2) {
                double v = (short) ((frame[i] & 0xFF) | (frame[i + 1] << 8)) / 32768.0;
                sum += v * v;
            }
        } else {
            count = frame.length;
            boolean ulaw = format == SimulatorAudioFormat.G711_ULAW;
            for (byte b : frame) {
                double v = (ulaw ? SimulatorAudio.ulawToLinear(b) : SimulatorAudio.alawToLinear(b)) / 32768.0;
                sum += v * v;
            }
        }
        return Math.sqrt(sum / count) > rmsThreshold;
    }

    private void onFrame(boolean speech, Listener listener) {
        long frameEndMs = frameStartMs + FRAME_MS;
        if (!speaking) {
            if (speech) {
                if (speechRun == 0) {
                    speechRunStartMs = frameStartMs;
                }
                speechRun++;
                if (speechRun >= FRAMES_TO_START) {
                    speaking = true;
                    silenceRun = 0;
                    lastSpeechEndMs = frameEndMs;
                    listener.speechStarted(speechRunStartMs);
                }
            } else {
                speechRun = 0;
            }
            return;
        }
        if (speech) {
            silenceRun = 0;
            lastSpeechEndMs = frameEndMs;
        } else if (++silenceRun >= silenceFrames) {
            speaking = false;
            speechRun = 0;
            silenceRun = 0;
            listener.speechStopped(lastSpeechEndMs, frameEndMs);
        }
    }
}
