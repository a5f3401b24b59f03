// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.core.implementation.MonotonicClock;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import io.github.openaipolicies.retry.implementation.RetryDecider;

import java.time.Clock;
import java.util.Objects;

/**
 * What every call through one interceptor shares: the retry decider, the gate (null for none), how attempts are
 * observed (log line), the metrics, and time.
 *
 * @param decider the retry decider
 * @param gate the gate, or null
 * @param observer logs each attempt
 * @param instruments the metrics (disabled when none)
 * @param clock the clock of call budgets and the gate's time line ({@link MonotonicClock#system()} in production)
 * @param wallClock the clock an HTTP-date {@code Retry-After} is read against
 * @param waits how a call waits for the gate and between attempts
 */
public record CallSettings(RetryDecider decider, ThrottleGate gate, AttemptObserver observer,
    PipelineInstruments instruments, Clock clock, Clock wallClock, Waits waits) {
    /**
     * Checks that everything but the gate is set.
     *
     * @param decider the retry decider
     * @param gate the gate, or null
     * @param observer the attempt observer
     * @param instruments the metrics
     * @param clock the budget clock
     * @param wallClock the wall clock
     * @param waits the waits
     */
    public CallSettings {
        Objects.requireNonNull(decider, "decider");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(instruments, "instruments");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(waits, "waits");
    }
}
