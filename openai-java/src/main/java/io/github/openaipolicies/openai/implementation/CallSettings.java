// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import io.github.openaipolicies.core.implementation.MonotonicClock;
import io.github.openaipolicies.core.implementation.Sleeper;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.retry.implementation.RetryDecider;

import java.time.Clock;
import java.util.Objects;

/**
 * What every call through one wrapped client shares: the retry decider, the gate (null for none), how attempts are
 * observed (log line), and time.
 *
 * @param decider the retry decider
 * @param gate the gate, or null
 * @param observer logs (and measures) each attempt
 * @param clock the clock of call budgets and the gate's time line ({@link MonotonicClock#system()} in production)
 * @param wallClock the clock an HTTP-date {@code Retry-After} is read against
 * @param sleeper how the sync path waits between attempts
 * @param delayer how the async path waits between attempts
 */
public record CallSettings(RetryDecider decider, ThrottleGate gate, AttemptObserver observer, Clock clock,
    Clock wallClock, Sleeper sleeper, Delayer delayer) {
    /**
     * Checks that everything but the gate is set.
     *
     * @param decider the retry decider
     * @param gate the gate, or null
     * @param observer the attempt observer
     * @param clock the budget clock
     * @param wallClock the wall clock
     * @param sleeper the sync wait
     * @param delayer the async wait
     */
    public CallSettings {
        Objects.requireNonNull(decider, "decider");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(delayer, "delayer");
    }
}
