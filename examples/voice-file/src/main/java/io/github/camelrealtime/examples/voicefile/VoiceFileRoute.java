package io.github.camelrealtime.examples.voicefile;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;

/**
 * The demo's route: each {@code *.wav} question in the inbox is streamed to a Realtime session as one InOut exchange;
 * the spoken reply (a WAV) and its transcript are written to the outbox, and the question moves to {@code inbox/done}
 * ({@code inbox/failed} when it could not be answered).
 */
final class VoiceFileRoute extends RouteBuilder {

    /** Java regex of the files the route picks up (the file component's {@code include} option). */
    static final String QUESTION_PATTERN = ".*\\.wav";

    private static final Duration SHORTEST_QUESTION = Duration.ofMillis(100);
    private static final String QUESTION_NAME = "voiceQuestionName";
    private static final String BASE_NAME = "voiceBaseName";
    private static final String QUESTION_LENGTH = "voiceQuestionLength";
    private static final String REPLY_LENGTH = "voiceReplyLength";

    private final VoiceFileSettings settings;
    private final String realtimeUri;
    private final PrintStream out;
    private final Queue<VoiceFileRun.Reply> replies = new ConcurrentLinkedQueue<>();
    private final Queue<VoiceFileRun.Failure> failures = new ConcurrentLinkedQueue<>();

    VoiceFileRoute(VoiceFileSettings settings, String realtimeUri, PrintStream out) {
        this.settings = settings;
        this.realtimeUri = realtimeUri;
        this.out = out;
    }

    @Override
    public void configure() {
        // the failure is reported here; the exchange still fails, so the file consumer moves the question to failed/
        onException(Exception.class)
                .handled(false)
                .logExhausted(false)
                .process(this::reportFailure);

        // readLock=changed: a question still being copied into the inbox is not read half-written
        from("file:" + settings.inbox() + "?include=" + QUESTION_PATTERN + "&move=done&moveFailed=failed"
             + "&readLock=changed&readLockCheckInterval=200&readLockMinLength=0&initialDelay=200&delay=500")
                .routeId("voice-file")
                .process(this::describeQuestion)
                .setExchangePattern(ExchangePattern.InOut)
                .to(realtimeUri)
                .setExchangePattern(ExchangePattern.InOnly)
                .process(exchange -> exchange.setProperty(REPLY_LENGTH,
                        WavDurations.of(exchange.getMessage().getBody(byte[].class))))
                .to(outboxUri(".wav"))
                .process(exchange -> exchange.getMessage().setBody(transcript(exchange) + System.lineSeparator()))
                .to(outboxUri(".txt") + "&charset=utf-8")
                .process(this::reportReply);
    }

    /** The file endpoint writing {@code <question name>-reply<extension>}, renamed into place once complete. */
    private String outboxUri(String extension) {
        return "file:" + settings.outbox() + "?fileName=${exchangeProperty." + BASE_NAME + "}-reply" + extension
               + "&tempPrefix=.writing-";
    }

    private void describeQuestion(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty(QUESTION_NAME, name);
        int dot = name.lastIndexOf('.');
        exchange.setProperty(BASE_NAME, dot > 0 ? name.substring(0, dot) : name);
        Path path = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        Duration length = WavDurations.of(path);
        // the component would take a non-WAV file as raw audio; a question must be a real recording
        if (length == null) {
            throw new IllegalArgumentException(name + " is not a readable WAV file");
        }
        if (length.compareTo(SHORTEST_QUESTION) < 0) {
            throw new IllegalArgumentException(name + " has only " + WavDurations.format(length)
                                               + " of audio; the Realtime API needs at least 0.10 s to commit");
        }
        exchange.setProperty(QUESTION_LENGTH, length);
    }

    private static String transcript(Exchange exchange) {
        String transcript = exchange.getMessage().getHeader(FastRouterRealtimeConstants.TRANSCRIPT, String.class);
        if (transcript == null || transcript.isBlank()) {
            transcript = exchange.getMessage().getHeader(FastRouterRealtimeConstants.TEXT, String.class);
        }
        return transcript == null ? "" : transcript.strip();
    }

    private void reportReply(Exchange exchange) {
        String base = exchange.getProperty(BASE_NAME, String.class);
        VoiceFileRun.Reply reply = new VoiceFileRun.Reply(
                questionName(exchange),
                exchange.getProperty(QUESTION_LENGTH, Duration.class),
                settings.outbox().resolve(base + "-reply.wav"),
                exchange.getProperty(REPLY_LENGTH, Duration.class),
                settings.outbox().resolve(base + "-reply.txt"),
                transcript(exchange),
                exchange.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_STATUS, String.class),
                exchange.getMessage().getHeader(FastRouterRealtimeConstants.TOTAL_TOKENS, Long.class));
        replies.add(reply);
        out.printf("%s (%s of audio) answered: %s (%s of audio), status %s, %s tokens%n", reply.question(),
                WavDurations.format(reply.questionLength()), settings.outbox().relativize(reply.replyWav()),
                WavDurations.format(reply.replyLength()), reply.status(), reply.totalTokens() == null ? "?" : reply.totalTokens());
        out.printf("  transcript (%s): %s%n", settings.outbox().relativize(reply.transcriptFile()),
                reply.transcript().isEmpty() ? "(none)" : "\"" + reply.transcript() + "\"");
    }

    private void reportFailure(Exchange exchange) {
        // inside onException the error is kept in the EXCEPTION_CAUGHT property, not on the exchange
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = describe(cause);
        VoiceFileRun.Failure failure = new VoiceFileRun.Failure(questionName(exchange), reason);
        failures.add(failure);
        out.printf("%s FAILED (moved to the inbox's failed/ folder): %s%n", failure.question(), reason);
    }

    /** The error's type and the first message along its causes (the JDK's connect errors often have none themselves). */
    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                String type = t == error ? error.getClass().getSimpleName()
                        : error.getClass().getSimpleName() + " (" + t.getClass().getSimpleName() + ")";
                return type + ": " + t.getMessage();
            }
        }
        return error.getClass().getName();
    }

    /** The question's file name (the file producers change the message's file name headers). */
    private static String questionName(Exchange exchange) {
        String name = exchange.getProperty(QUESTION_NAME, String.class);
        return name != null ? name : exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    }

    VoiceFileRun result() {
        return new VoiceFileRun(replies.stream().toList(), failures.stream().toList());
    }
}
