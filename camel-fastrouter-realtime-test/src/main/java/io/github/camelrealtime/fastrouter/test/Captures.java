package io.github.camelrealtime.fastrouter.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the captures {@link RealtimeSimulator#replayOnConnect(String)} replays: server event streams recorded from
 * real servers, one JSON event a line, bundled on the classpath or given as a path or file. Stateless.
 */
final class Captures {

    private static final String CAPTURES = "io/github/camelrealtime/fastrouter/test/captures/";

    private Captures() {
    }

    /** The lines of a bundled capture (a name without '/'), else of a classpath path, else of a file. */
    static List<String> readLines(String captureResource) {
        Objects.requireNonNull(captureResource, "captureResource");
        String path = captureResource.startsWith("/") ? captureResource.substring(1) : captureResource;
        String resource = path.contains("/") ? path : CAPTURES + path;
        InputStream in = RealtimeSimulator.class.getClassLoader().getResourceAsStream(resource);
        try {
            if (in == null) {
                Path file = Path.of(captureResource);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("no capture named " + captureResource);
                }
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines to replay: blank lines skipped, the others stripped. */
    static List<String> replayable(List<String> jsonLines) {
        List<String> lines = new ArrayList<>();
        for (String line : jsonLines) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return List.copyOf(lines);
    }
}
