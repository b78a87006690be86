package io.github.camelrealtime.fastrouter.session;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** One channel: PCM bytes at offsets, in memory up to a bound, then in a temp file. */
final class RecordingTrack implements Closeable {
    private final int spoolBytes;
    private byte[] memory = new byte[0];
    private long length;
    private Path path;
    private RandomAccessFile file;

    RecordingTrack(int spoolBytes) {
        this.spoolBytes = spoolBytes;
    }

    boolean spooled() {
        return path != null;
    }

    void write(long pos, byte[] data, int len) {
        try {
            long end = pos + len;
            if (file == null && end > spoolBytes) {
                path = Files.createTempFile("fastrouter-recording-", ".pcm");
                file = new RandomAccessFile(path.toFile(), "rw");
                file.write(memory, 0, (int) length);
                memory = null;
            }
            if (file == null) {
                if (end > memory.length) {
                    memory = Arrays.copyOf(memory, (int) Math.min(spoolBytes, Math.max(end, memory.length * 2L)));
                }
                System.arraycopy(data, 0, memory, (int) pos, len);
            } else {
                if (pos > length) {
                    zeroFile(length, pos);
                }
                file.seek(pos);
                file.write(data, 0, len);
            }
            length = Math.max(length, end);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not spool the call recording", e);
        }
    }

    void zero(long from, long to) {
        long end = Math.min(to, length);
        if (from >= end) {
            return;
        }
        if (file == null) {
            Arrays.fill(memory, (int) from, (int) end, (byte) 0);
        } else {
            try {
                zeroFile(from, end);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not spool the call recording", e);
            }
        }
    }

    private void zeroFile(long from, long to) throws IOException {
        byte[] zeros = new byte[8192];
        file.seek(from);
        for (long p = from; p < to; p += zeros.length) {
            file.write(zeros, 0, (int) Math.min(zeros.length, to - p));
        }
    }

    /** Fills {@code into} from {@code pos}; what lies beyond the channel's audio is silence. */
    void read(long pos, byte[] into) {
        Arrays.fill(into, (byte) 0);
        int n = (int) Math.max(0, Math.min(into.length, length - pos));
        if (n == 0) {
            return;
        }
        try {
            if (file == null) {
                System.arraycopy(memory, (int) pos, into, 0, n);
            } else {
                file.seek(pos);
                file.readFully(into, 0, n);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not read the spooled call recording", e);
        }
    }

    @Override
    public void close() {
        memory = new byte[0];
        try {
            if (file != null) {
                file.close();
            }
            if (path != null) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temp file left behind is not worth failing the close
        }
        file = null;
    }
}
