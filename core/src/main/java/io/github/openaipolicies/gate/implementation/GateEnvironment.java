// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.core.implementation.MonotonicClock;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Time for the in-memory gate: the clock it decides by (monotonic in production, so holds, counter validity and
 * deadlines survive a wall clock that steps), the timer its wake-ups and deadlines run on, and how a sync caller
 * blocks. Tests pass their own to run in virtual time.
 *
 * @param clock the clock of holds, validities and deadlines: {@link MonotonicClock#system()} in production
 * @param timer the timer of wake-ups and deadlines
 * @param blocker how {@code acquireSync} waits for its admission
 */
public record GateEnvironment(Clock clock, GateTimer timer, Blocker blocker) {
    /**
     * Checks that nothing is null.
     *
     * @param clock the clock
     * @param timer the timer
     * @param blocker the blocker
     */
    public GateEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(blocker, "blocker");
    }

    /**
     * The real environment: the JVM's {@link MonotonicClock} (the time line of every call budget too),
     * {@link GateTimer#system()}, and a blocking wait on the admission.
     *
     * @return the system environment
     */
    public static GateEnvironment system() {
        return new GateEnvironment(MonotonicClock.system(), GateTimer.system(), Blocker.FUTURE_GET);
    }

    /**
     * The current time to the millisecond, which is all the gate's decisions need; the gate reads it at every
     * admission and report.
     *
     * @return the current time, truncated to milliseconds
     */
    public Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    /** How a sync caller waits until its admission is decided. */
    @FunctionalInterface
    public interface Blocker {
        /** Blocks until the future is done. */
        Blocker FUTURE_GET = done -> {
            try {
                done.get();
            } catch (ExecutionException | CancellationException decided) {
                // Done either way; the caller reads the outcome.
            }
        };

        /**
         * Waits for the future to be done, or for some progress (the caller checks again and calls back).
         *
         * @param done completed when the admission is decided
         * @throws InterruptedException when the thread is interrupted while waiting
         */
        void await(CompletableFuture<?> done) throws InterruptedException;
    }
}
