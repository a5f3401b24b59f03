// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.MonotonicClock;
import io.github.openaipolicies.core.implementation.Sleeper;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Time and randomness for a retry, whatever client runs it: the clock elapsed time and deadlines are measured by
 * (monotonic in production), the wall clock HTTP-dates are read against, the sleeper a sync path waits with, and the
 * jitter source. An async adapter brings its own timer (azure-core's: a Reactor scheduler). Tests pass their own to
 * run in virtual time.
 *
 * @param clock the clock of call starts and deadlines: {@link MonotonicClock#system()} in production
 * @param wallClock the clock an HTTP-date {@code Retry-After} is compared with
 * @param sleeper the sync waiter
 * @param random source of numbers in [0, 1)
 */
public record RetryEnvironment(Clock clock, Clock wallClock, Sleeper sleeper, DoubleSupplier random) {
    /**
     * Checks that nothing is null.
     *
     * @param clock the clock of call starts and deadlines
     * @param wallClock the clock HTTP-dates are compared with
     * @param sleeper the sync waiter
     * @param random source of numbers in [0, 1)
     */
    public RetryEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
    }

    /**
     * The real environment: the JVM's {@link MonotonicClock}, the UTC system clock for HTTP-dates,
     * {@link Sleeper#THREAD_SLEEP} and {@link ThreadLocalRandom}.
     *
     * @return the system environment
     */
    public static RetryEnvironment system() {
        return new RetryEnvironment(MonotonicClock.system(), Clock.systemUTC(), Sleeper.THREAD_SLEEP,
            () -> ThreadLocalRandom.current().nextDouble());
    }
}
