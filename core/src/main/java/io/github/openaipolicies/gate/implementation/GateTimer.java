// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import java.util.concurrent.TimeUnit;

/**
 * Runs the in-memory gate's wake-ups and deadlines later, on a thread of its own: {@link #system()} in production, a
 * virtual timer in tests.
 */
@FunctionalInterface
public interface GateTimer {
    /**
     * Runs a task once, after a delay.
     *
     * @param task the task; it must not block
     * @param delay the delay, zero or more
     * @param unit the delay's unit
     * @return what cancels the task if it has not run yet
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * The JVM-wide timer: daemon threads named {@code openai-pipeline-gate-timer-N}, as many as the machine has
     * processors (at least 2), created on first use.
     *
     * @return the system timer
     */
    static GateTimer system() {
        return SystemGateTimer.INSTANCE;
    }

    /** A scheduled task, which may be cancelled before it runs. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; does nothing otherwise. */
        void cancel();
    }
}
