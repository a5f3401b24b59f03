// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import io.github.openaipolicies.core.implementation.Sleeper;
import io.github.openaipolicies.retry.implementation.RetryEnvironment;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReactorRetryEnvironmentTest {
    private static final Clock MONOTONIC = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock WALL = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Sleeper SLEEPER = delay -> { };
    private static final DoubleSupplier RANDOM = () -> 0.25;

    @Test
    void theSystemEnvironmentWaitsOnTheParallelScheduler() {
        ReactorRetryEnvironment system = ReactorRetryEnvironment.system();
        assertThat(system.scheduler()).isSameAs(Schedulers.parallel());
        assertThat(system.retry().sleeper()).isSameAs(Sleeper.THREAD_SLEEP);
    }

    @Test
    void theTwoClockConstructorPassesEachPartToTheCoreEnvironment() {
        Scheduler scheduler = Schedulers.immediate();
        ReactorRetryEnvironment environment = new ReactorRetryEnvironment(MONOTONIC, WALL, scheduler, SLEEPER,
            RANDOM);

        assertThat(environment.retry()).isEqualTo(new RetryEnvironment(MONOTONIC, WALL, SLEEPER, RANDOM));
        assertThat(environment.scheduler()).isSameAs(scheduler);
    }

    @Test
    void theOneClockConstructorReadsHttpDatesOnThatClock() {
        ReactorRetryEnvironment environment = new ReactorRetryEnvironment(MONOTONIC, Schedulers.immediate(),
            SLEEPER, RANDOM);

        assertThat(environment.retry()).isEqualTo(new RetryEnvironment(MONOTONIC, MONOTONIC, SLEEPER, RANDOM));
    }

    @Test
    void nothingMayBeNull() {
        RetryEnvironment retry = new RetryEnvironment(MONOTONIC, WALL, SLEEPER, RANDOM);
        assertThatThrownBy(() -> new ReactorRetryEnvironment(null, Schedulers.immediate())).hasMessage("retry");
        assertThatThrownBy(() -> new ReactorRetryEnvironment(retry, null)).hasMessage("scheduler");
    }
}
