// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import io.github.openaipolicies.core.implementation.Sleeper;
import io.github.openaipolicies.core.implementation.MonotonicClock;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Time and randomness for {@code RetryAfterPolicy}: the clock elapsed time and deadlines are measured by (monotonic
 * in production), the wall clock HTTP-dates are read against, the scheduler the async path waits on, the sleeper the
 * sync path waits with, and the jitter source. Tests pass their own to run in virtual time.
 *
 * @param clock the clock of call starts and deadlines: {@link MonotonicClock#system()} in production
 * @param wallClock the clock an HTTP-date {@code Retry-After} is compared with
 * @param scheduler the scheduler for {@code Mono.delay}
 * @param sleeper the sync waiter
 * @param random source of numbers in [0, 1)
 */
public record RetryEnvironment(Clock clock, Clock wallClock, Scheduler scheduler, Sleeper sleeper,
    DoubleSupplier random) {
    /**
     * Checks that nothing is null.
     *
     * @param clock the clock of call starts and deadlines
     * @param wallClock the clock HTTP-dates are compared with
     * @param scheduler the scheduler for {@code Mono.delay}
     * @param sleeper the sync waiter
     * @param random source of numbers in [0, 1)
     */
    public RetryEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
    }

    /**
     * An environment whose one clock serves for both elapsed time and HTTP-dates; for tests in virtual time.
     *
     * @param clock the clock
     * @param scheduler the scheduler for {@code Mono.delay}
     * @param sleeper the sync waiter
     * @param random source of numbers in [0, 1)
     */
    public RetryEnvironment(Clock clock, Scheduler scheduler, Sleeper sleeper, DoubleSupplier random) {
        this(clock, clock, scheduler, sleeper, random);
    }

    /**
     * The real environment: the JVM's {@link MonotonicClock}, the UTC system clock for HTTP-dates,
     * {@link Schedulers#parallel()}, {@link Sleeper#THREAD_SLEEP} and {@link ThreadLocalRandom}.
     *
     * @return the system environment
     */
    public static RetryEnvironment system() {
        return new RetryEnvironment(MonotonicClock.system(), Clock.systemUTC(), Schedulers.parallel(),
            Sleeper.THREAD_SLEEP, () -> ThreadLocalRandom.current().nextDouble());
    }
}
