package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import io.github.camelrealtime.fastrouter.transport.RealtimeHttpClients;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: gives each session its own ordered lane
 * (events reach a route in the order received) without a thread per session. A lane that may follow a socket callback
 * starts, when it was idle, on the callback's own thread once the callback has returned
 * ({@link RealtimeHttpClients#runAfterCallback}), else on the pool.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final boolean afterSocketCallback;
    /** Guarded by itself. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Guarded by tasks: a thread drains, or is about to. */
    private boolean draining;

    SerialExecutor(Executor pool) {
        this(pool, false);
    }

    /** @param afterSocketCallback whether the lane may start on a socket callback's thread once the callback returned */
    SerialExecutor(Executor pool, boolean afterSocketCallback) {
        this.pool = pool;
        this.afterSocketCallback = afterSocketCallback;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        if (!afterSocketCallback || !RealtimeHttpClients.runAfterCallback(this::drain)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Unexpected failure in a session task", e);
            }
        }
    }
}
