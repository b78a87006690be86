package io.github.camelrealtime.fastrouter.transport;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of a client made by {@link RealtimeHttpClients}: what the JDK hands over (reading a socket: frames,
 * UTF-8 and the listener callbacks; handshakes; write completions; timers).
 * <ul>
 * <li><b>On the selector.</b> While the client has at most {@link #INLINE_MAX_SOCKETS} open sockets, what the JDK's
 *     selector thread hands over runs right there, one thread wake-up less per received message. With more, one
 *     selector decoding for all sockets would make each wait for the others' messages (p99 latency at 100 streaming
 *     sessions grew from tens to hundreds of milliseconds), so the pool decodes them in parallel.</li>
 * <li><b>Bounded.</b> At most {@code maxRunning} tasks of the JDK run at once; beyond that they wait in a FIFO queue,
 *     so a burst of handshakes and the reading of open sockets take turns and threads do not grow with the handshakes
 *     in flight. Nothing the JDK or the listeners run here blocks.</li>
 * <li><b>Work after a callback.</b> {@link #runAfterCallback} lets a listener have a task run on the same thread right
 *     after its callback has returned (a session's event delivery: one thread hand-off per message instead of two).
 *     Such a task may block; the thread stops counting as running JDK work before it starts, and another thread takes
 *     the queued JDK work, so a blocking task never holds a socket back.</li>
 * </ul>
 * Threads are daemons ({@code fastrouter-realtime-ws-N}); idle ones end after {@value #IDLE_SECONDS} s.
 */
final class ClientExecutor implements Executor {

    private static final System.Logger LOG = System.getLogger(RealtimeConnection.class.getName());

    static final boolean INLINE = !"false".equals(System.getProperty("fastrouter.realtime.inlineSelector"));
    static final int INLINE_MAX_SOCKETS = Integer.getInteger("fastrouter.realtime.inlineSelectorMaxSockets",
            Math.max(2, Runtime.getRuntime().availableProcessors()));
    /** {@code -Dfastrouter.realtime.runAfterCallback=false}: {@link #runAfterCallback} always declines. */
    static final boolean RUN_AFTER_CALLBACK = !"false".equals(System.getProperty("fastrouter.realtime.runAfterCallback"));
    static final long IDLE_SECONDS = 30;

    /** Tasks to run once the current JDK task returned; set only while a thread of such an executor runs one. */
    private static final ThreadLocal<List<Runnable>> AFTER = new ThreadLocal<>();

    private final int maxRunning;
    /** Threads come and go here; how many run JDK work at once is counted by {@link #running}. */
    private final ExecutorService threads;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Threads taking tasks from the queue; at most maxRunning. */
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger openSockets = new AtomicInteger();
    /** The most threads seen taking JDK tasks at once (tests). */
    private final AtomicInteger peakRunning = new AtomicInteger();

    ClientExecutor(int maxRunning, ThreadFactory threadFactory) {
        this.maxRunning = maxRunning;
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threadFactory);
    }

    /**
     * Runs {@code task} on this thread once the JDK task it runs now has returned, if this is a thread of a client
     * executor running one (off the selector); returns false otherwise, and the caller must run it elsewhere.
     */
    static boolean runAfterCallback(Runnable task) {
        List<Runnable> after = AFTER.get();
        if (after == null || !RUN_AFTER_CALLBACK) {
            return false;
        }
        after.add(task);
        return true;
    }

    void socketOpened() {
        openSockets.incrementAndGet();
    }

    void socketClosed() {
        openSockets.decrementAndGet();
    }

    int peakRunning() {
        return peakRunning.get();
    }

    void shutdown() {
        threads.shutdown();
    }

    @Override
    public void execute(Runnable task) {
        if (INLINE && openSockets.get() <= INLINE_MAX_SOCKETS && Thread.currentThread().getName().endsWith("-SelectorManager")) {
            task.run();
            return;
        }
        queue.add(task);
        try {
            startRunnerIfWanted();
        } catch (RejectedExecutionException e) {
            queue.remove(task);
            throw e;
        }
    }

    /** Starts a thread on the queue unless enough run already (they take what is queued before they stop). */
    private void startRunnerIfWanted() {
        while (!queue.isEmpty()) {
            int n = running.get();
            if (n >= maxRunning) {
                return;
            }
            if (running.compareAndSet(n, n + 1)) {
                peakRunning.accumulateAndGet(n + 1, Math::max);
                try {
                    threads.execute(this::runQueued);
                } catch (RejectedExecutionException e) {
                    running.decrementAndGet();
                    throw e;
                }
                return;
            }
        }
    }

    private void runQueued() {
        List<Runnable> after = new ArrayList<>(2);
        boolean counted = true;
        try {
            while (true) {
                Runnable task = queue.poll();
                if (task == null) {
                    running.decrementAndGet();
                    counted = false;
                    // a task queued after the poll may have found this thread still counted and started none: take it
                    if (!rejoin()) {
                        return;
                    }
                    counted = true;
                    continue;
                }
                AFTER.set(after);
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a task of the WebSocket client failed", e);
                } finally {
                    AFTER.remove();
                }
                if (!after.isEmpty()) {
                    // leave the JDK's work to others before running what may block
                    running.decrementAndGet();
                    counted = false;
                    startRunnerQuietly();
                    runAfter(after);
                    return;
                }
            }
        } finally {
            if (counted) {
                // only an Error gets here: another thread takes over the queue, and what waits for this one still runs
                // (a session's lane would otherwise stay stuck)
                running.decrementAndGet();
                startRunnerQuietly();
                runAfter(after);
            }
        }
    }

    private boolean rejoin() {
        while (!queue.isEmpty()) {
            int n = running.get();
            if (n >= maxRunning) {
                return false;
            }
            if (running.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private void startRunnerQuietly() {
        try {
            startRunnerIfWanted();
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "the WebSocket client is shut down; {0} queued tasks are not run", queue.size());
        }
    }

    private static void runAfter(List<Runnable> tasks) {
        for (Runnable task : tasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a task run after a WebSocket callback failed", e);
            }
        }
    }
}
