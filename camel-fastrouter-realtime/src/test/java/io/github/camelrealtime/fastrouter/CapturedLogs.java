package io.github.camelrealtime.fastrouter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged while open: slf4j-simple writes to whatever {@code System.err} is at the time, and the
 * packages without SLF4J ({@code transport}, the simulator) log through {@code System.Logger}, i.e.
 * java.util.logging, captured at every level for our packages.
 */
final class CapturedLogs implements AutoCloseable {
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();
    private final ByteArrayOutputStream streams = new ByteArrayOutputStream();
    private final StringBuffer records = new StringBuffer();
    private final PrintStream originalErr = System.err;
    private final PrintStream originalOut = System.out;
    private final Logger ours = Logger.getLogger("io.github.camelrealtime");
    private final Level originalLevel = ours.getLevel();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ")
                    .append(FORMATTER.formatMessage(record)).append('\n');
            if (record.getThrown() != null) {
                records.append(FailureModesApiKeyTest.stackTrace(record.getThrown())).append('\n');
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    CapturedLogs() {
        System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
        handler.setLevel(Level.ALL);
        ours.setLevel(Level.ALL);
        ours.addHandler(handler);
    }

    String text() {
        synchronized (streams) {
            return streams.toString(StandardCharsets.UTF_8) + records;
        }
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        System.setOut(originalOut);
        ours.removeHandler(handler);
        ours.setLevel(originalLevel);
    }

    /** Writes to the captured text and to the stream it replaces. */
    private final class Tee extends OutputStream {
        private final OutputStream original;

        private Tee(OutputStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (streams) {
                streams.write(b);
            }
            original.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (streams) {
                streams.write(b, off, len);
            }
            original.write(b, off, len);
        }
    }
}
