package io.github.camelrealtime.examples.voicefile;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeComponent;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import org.apache.camel.main.Main;

/**
 * The voice-file demo: a Camel Main application whose route answers the spoken WAV questions in an inbox folder with
 * spoken WAV replies and transcripts in an outbox folder, through {@code fastrouter-realtime}. It answers the questions
 * present at start, then stops. On an empty inbox it first copies in the bundled question ("What is the capital of
 * France?"). Without {@code FASTROUTER_API_KEY} the embedded Realtime simulator answers (it echoes the question back
 * with a simulated transcript); with it, FastRouter does. Settings: {@link VoiceFileSettings}.
 */
public final class VoiceFileApp {

    /** The bundled sample question: 24 kHz mono PCM16, "What is the capital of France?". */
    static final String SAMPLE_QUESTION = "question.wav";
    static final String INSTRUCTIONS = "You answer spoken questions. Reply in one or two short spoken sentences.";

    private static final Pattern QUESTION = Pattern.compile(VoiceFileRoute.QUESTION_PATTERN);

    private VoiceFileApp() {
    }

    public static void main(String[] args) throws Exception {
        VoiceFileRun run = run(VoiceFileSettings.resolve(args, System.getProperties(), System.getenv()), System.out);
        if (!run.failures().isEmpty()) {
            System.exit(1);
        }
    }

    /** Answers the questions in the inbox, printing what it does to {@code out}; returns once they are all done. */
    public static VoiceFileRun run(VoiceFileSettings settings, PrintStream out) throws Exception {
        Files.createDirectories(settings.inbox());
        Files.createDirectories(settings.outbox());
        List<Path> questions = questions(settings.inbox());
        if (questions.isEmpty()) {
            Path sample = settings.inbox().resolve(SAMPLE_QUESTION);
            copySample(sample);
            out.printf("The inbox was empty: copied the sample question \"What is the capital of France?\" to %s%n", sample);
            questions = List.of(sample);
        }

        FastRouterRealtimeComponent realtime = new FastRouterRealtimeComponent();
        String realtimeUri = "fastrouter-realtime:voice?turnDetection=none&reconnect=false&instructions=RAW(" + INSTRUCTIONS + ")";
        RealtimeSimulator simulator = null;
        if (settings.useSimulator()) {
            simulator = RealtimeSimulator.builder().build().start();
            realtime.getConfiguration().setBaseUrl(simulator.baseUrl().toString());
            realtime.getConfiguration().setApiKey(simulator.apiKey());
            out.printf("No %s set: using the embedded Realtime SIMULATOR at %s.%n", VoiceFileSettings.API_KEY_ENV, simulator.baseUrl());
            out.println("  It echoes each question back as the reply, with a simulated transcript.");
            out.printf("  To ask FastRouter for real: export %s=sk-v1-... (optionally %s, default %s) and run again.%n",
                    VoiceFileSettings.API_KEY_ENV, VoiceFileSettings.MODEL_ENV, VoiceFileSettings.DEFAULT_MODEL);
        } else {
            realtime.getConfiguration().setApiKey(settings.apiKey());
            if (settings.baseUrl() != null) {
                realtime.getConfiguration().setBaseUrl(settings.baseUrl());
            }
            realtimeUri += "&model=RAW(" + settings.model() + ")";
            out.printf("%s is set: using %s, model %s.%n", VoiceFileSettings.API_KEY_ENV, realtime.getConfiguration().getBaseUrl(),
                    settings.model());
        }
        out.printf("Answering %d question(s) from %s into %s ...%n", questions.size(), settings.inbox(), settings.outbox());

        VoiceFileRoute route = new VoiceFileRoute(settings, realtimeUri, out);
        Main main = new Main();
        main.bind("fastrouter-realtime", realtime);
        main.configure().addRoutesBuilder(route);
        // stop once every question present at start has been answered or has failed
        main.configure().withDurationMaxMessages(questions.size());
        try {
            main.run();
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
        VoiceFileRun result = route.result();
        out.printf("Done: %d answered, %d failed. Replies are in %s%n", result.replies().size(), result.failures().size(),
                settings.outbox());
        return result;
    }

    /** The question files the route will pick up: regular, not hidden, matching its include pattern. */
    static List<Path> questions(Path inbox) throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> QUESTION.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }

    private static void copySample(Path target) throws IOException {
        try (InputStream in = VoiceFileApp.class.getResourceAsStream("/" + SAMPLE_QUESTION)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("The bundled " + SAMPLE_QUESTION + " is missing from the classpath"));
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
