// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.openaipolicies.gate.implementation.VirtualGate.EPOCH;
import static io.github.openaipolicies.gate.implementation.VirtualGate.KEY;
import static io.github.openaipolicies.gate.implementation.VirtualGate.ok;
import static io.github.openaipolicies.gate.implementation.VirtualGate.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The gate's fast path: an attempt nothing holds back goes at once, reads the clock once, and is never lost. */
class GateFastPathTest {
    private final VirtualTimer timer = new VirtualTimer(EPOCH);
    private final CountingClock clock = new CountingClock(timer.clock());
    private final InMemoryThrottleGate gate = new InMemoryThrottleGate(new ThrottleGateOptions(),
        new GateEnvironment(clock, timer, done -> timer.advanceBy(Duration.ofMillis(1))));

    @Test
    void anUnthrottledAttemptOnAKnownKeyReadsTheClockOnceOnBothPaths() throws Exception {
        gate.report(gate.acquireSync(request(0)), ok(100L, 10_000L));

        clock.reads.set(0);
        ThrottleAdmission sync = gate.acquireSync(request(0));
        assertThat(clock.reads).hasValue(1);
        clock.reads.set(0);
        ThrottleAdmission async = gate.acquire(request(0)).getNow(null);
        assertThat(clock.reads).hasValue(1);

        assertThat(async).isNotNull();
        assertThat(sync.wasHeld()).isFalse();
        assertThat(async.getReason()).isEqualTo(ThrottleHoldReason.NONE);
        assertThat(gate.inFlight(KEY)).isEqualTo(2);
        assertThat(gate.waiting(KEY)).isZero();
    }

    @Test
    void aFastAdmissionBelongsToWhoeverHoldsTheFutureCancellingItReturnsFalse() throws Exception {
        gate.report(gate.acquireSync(request(0)), ok(100L, 10_000L));

        CompletableFuture<ThrottleAdmission> fast = gate.acquire(request(0));

        assertThat(fast).isCompleted();
        assertThat(fast.cancel(false)).as("completed first: the holder owns the admission").isFalse();
        assertThat(gate.inFlight(KEY)).isEqualTo(1);
        gate.report(fast.join(), ThrottleFeedback.abandoned());
        assertThat(gate.inFlight(KEY)).isZero();
    }

    /** Counts {@link #instant()} calls. */
    private static final class CountingClock extends Clock {
        final AtomicInteger reads = new AtomicInteger();
        private final Clock clock;

        CountingClock(Clock clock) {
            this.clock = clock;
        }

        @Override
        public ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return clock.instant();
        }
    }
}
