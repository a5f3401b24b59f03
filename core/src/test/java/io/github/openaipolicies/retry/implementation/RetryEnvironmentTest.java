// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.MonotonicClock;
import io.github.openaipolicies.core.implementation.Sleeper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryEnvironmentTest {
    @Test
    void theSystemEnvironmentMeasuresOnTheMonotonicClockAndReadsDatesOnTheUtcClock() {
        RetryEnvironment system = RetryEnvironment.system();
        assertThat(system.clock()).isSameAs(MonotonicClock.system());
        assertThat(system.wallClock()).isEqualTo(Clock.systemUTC());
        assertThat(system.sleeper()).isSameAs(Sleeper.THREAD_SLEEP);
        Set<Double> drawn = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            double random = system.random().getAsDouble();
            assertThat(random).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            drawn.add(random);
        }
        assertThat(drawn).as("a source of random numbers, not a constant").hasSizeGreaterThan(1);
    }

    @Test
    void nothingMayBeNull() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> new RetryEnvironment(null, clock, Sleeper.THREAD_SLEEP, () -> 0.0))
            .hasMessage("clock");
        assertThatThrownBy(() -> new RetryEnvironment(clock, null, Sleeper.THREAD_SLEEP, () -> 0.0))
            .hasMessage("wallClock");
        assertThatThrownBy(() -> new RetryEnvironment(clock, clock, null, () -> 0.0)).hasMessage("sleeper");
        assertThatThrownBy(() -> new RetryEnvironment(clock, clock, Sleeper.THREAD_SLEEP, null)).hasMessage("random");
    }
}
