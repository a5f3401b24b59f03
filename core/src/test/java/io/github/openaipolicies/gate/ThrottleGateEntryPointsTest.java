// Licensed under the MIT License.
package io.github.openaipolicies.gate;

import io.github.openaipolicies.core.implementation.MonotonicClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's static entry points and the values an adapter reads from its timeout: a new gate per
 * {@code create}, one gate per JVM from {@code shared}, and the gate's time line in {@link ThrottleRequest#now()}.
 */
class ThrottleGateEntryPointsTest {
    @Test
    void createMakesANewGateEachTimeAndSharedIsOneGatePerJvm() {
        ThrottleGate first = ThrottleGate.create();
        ThrottleGate second = ThrottleGate.create();

        assertThat(first).isNotNull().isNotSameAs(second);
        assertThat(ThrottleGate.shared()).isNotNull().isSameAs(ThrottleGate.shared()).isNotSameAs(first);
    }

    @Test
    void nowIsOnTheJvmMonotonicClock() {
        Instant before = MonotonicClock.system().instant();
        Instant now = ThrottleRequest.now();
        Instant after = MonotonicClock.system().instant();

        assertThat(now).isNotNull().isBetween(before, after);
    }

    @Test
    void aTimeoutSaysWhichKeyHowLongItWouldHaveHeldAndHowLongItWasAllowed() {
        ThrottleGateTimeoutException known = new ThrottleGateTimeoutException("k", Duration.ofMillis(1500),
            Duration.ofMillis(200));
        ThrottleGateTimeoutException unknown = new ThrottleGateTimeoutException("k", null, Duration.ofMillis(200));

        assertThat(known.getQuotaKey()).isEqualTo("k");
        assertThat(known.getWait()).isEqualTo(Duration.ofMillis(1500));
        assertThat(known.getAllowed()).isEqualTo(Duration.ofMillis(200));
        assertThat(known).hasMessage("The throttle gate for 'k' would hold the attempt for 1500 ms within the 200 ms"
            + " left before the call's deadline; the call was abandoned.");
        assertThat(unknown.getWait()).isNull();
        assertThat(unknown).hasMessageContaining("'k' did not admit the attempt within the 200 ms");
    }
}
