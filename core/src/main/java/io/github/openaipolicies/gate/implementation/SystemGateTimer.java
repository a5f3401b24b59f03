// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production {@link GateTimer}: one {@link ScheduledThreadPoolExecutor} per JVM, its threads daemons (they never
 * keep a JVM alive) named {@code openai-pipeline-gate-timer-N}; a cancelled task leaves its queue at once, so timers
 * moved earlier and earlier do not pile up.
 */
final class SystemGateTimer implements GateTimer {
    /** The JVM-wide timer. */
    static final SystemGateTimer INSTANCE = new SystemGateTimer(Math.max(2, Runtime.getRuntime().availableProcessors()));

    private final ScheduledThreadPoolExecutor executor;

    SystemGateTimer(int threads) {
        this.executor = new ScheduledThreadPoolExecutor(threads, new DaemonThreads());
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> scheduled = executor.schedule(task, delay, unit);
        return () -> scheduled.cancel(false);
    }

    /** The executor's threads, for tests. */
    int threads() {
        return executor.getCorePoolSize();
    }

    /** The tasks waiting to run, for tests. */
    int queued() {
        return executor.getQueue().size();
    }

    /** Names each thread and makes it a daemon. */
    static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger created = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "openai-pipeline-gate-timer-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
