// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import io.github.openaipolicies.core.implementation.MonotonicClock;
import io.github.openaipolicies.core.implementation.Sleeper;
import io.github.openaipolicies.retry.implementation.RetryEnvironment;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Time and randomness for {@code RetryAfterPolicy}: the core's {@link RetryEnvironment} (clocks, sleeper, jitter
 * source) and the scheduler the async path waits on. Tests pass their own to run in virtual time.
 *
 * @param retry the clocks, the sync waiter and the jitter source
 * @param scheduler the scheduler for {@code Mono.delay}
 */
public record ReactorRetryEnvironment(RetryEnvironment retry, Scheduler scheduler) {
    /**
     * Checks that nothing is null.
     *
     * @param retry the clocks, the sync waiter and the jitter source
     * @param scheduler the scheduler for {@code Mono.delay}
     */
    public ReactorRetryEnvironment {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * An environment with two clocks, one for elapsed time and one for HTTP-dates.
     *
     * @param clock the clock of call starts and deadlines
     * @param wallClock the clock HTTP-dates are compared with
     * @param scheduler the scheduler for {@code Mono.delay}
     * @param sleeper the sync waiter
     * @param random source of numbers in [0, 1)
     */
    public ReactorRetryEnvironment(Clock clock, Clock wallClock, Scheduler scheduler, Sleeper sleeper,
        DoubleSupplier random) {
        this(new RetryEnvironment(clock, wallClock, sleeper, random), scheduler);
    }

    /**
     * An environment whose one clock serves for both elapsed time and HTTP-dates; for tests in virtual time.
     *
     * @param clock the clock
     * @param scheduler the scheduler for {@code Mono.delay}
     * @param sleeper the sync waiter
     * @param random source of numbers in [0, 1)
     */
    public ReactorRetryEnvironment(Clock clock, Scheduler scheduler, Sleeper sleeper, DoubleSupplier random) {
        this(clock, clock, scheduler, sleeper, random);
    }

    /**
     * The real environment: {@link RetryEnvironment#system()} ({@link MonotonicClock}, UTC wall clock,
     * {@link Sleeper#THREAD_SLEEP}, {@code ThreadLocalRandom}) and {@link Schedulers#parallel()}.
     *
     * @return the system environment
     */
    public static ReactorRetryEnvironment system() {
        return new ReactorRetryEnvironment(RetryEnvironment.system(), Schedulers.parallel());
    }
}
