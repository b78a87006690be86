package io.github.camelrealtime.examples.voicefile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one run of the demo did: the questions answered and the ones that failed.
 *
 * @param replies  one per answered question, in the order they completed
 * @param failures one per question that could not be answered (the file was moved to {@code inbox/failed})
 */
public record VoiceFileRun(List<Reply> replies, List<Failure> failures) {

    public VoiceFileRun {
        replies = List.copyOf(replies);
        failures = List.copyOf(failures);
    }

    /**
     * One answered question.
     *
     * @param question       the question's file name
     * @param questionLength the question's audio length, null when its header could not be read
     * @param replyWav       the spoken reply
     * @param replyLength    the reply's audio length
     * @param transcriptFile the reply's transcript
     * @param transcript     what the reply says, empty when the server sent no transcript
     * @param status         the response status ({@code completed} normally)
     * @param totalTokens    the tokens the response used, null when the server did not say
     */
    public record Reply(String question, Duration questionLength, Path replyWav, Duration replyLength, Path transcriptFile,
                        String transcript, String status, Long totalTokens) {
    }

    /**
     * One question that failed.
     *
     * @param question the question's file name
     * @param reason   the error, as the component reported it
     */
    public record Failure(String question, String reason) {
    }
}
