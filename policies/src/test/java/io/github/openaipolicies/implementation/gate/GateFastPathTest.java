// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import io.github.openaipolicies.ThrottleAdmission;
import io.github.openaipolicies.ThrottleGateOptions;
import io.github.openaipolicies.ThrottleHoldReason;
import io.github.openaipolicies.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.openaipolicies.implementation.gate.VirtualGate.EPOCH;
import static io.github.openaipolicies.implementation.gate.VirtualGate.KEY;
import static io.github.openaipolicies.implementation.gate.VirtualGate.ok;
import static io.github.openaipolicies.implementation.gate.VirtualGate.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The gate's fast path: an attempt nothing holds back goes at once, reads the clock once, and is never lost. */
class GateFastPathTest {
    private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    private final CountingClock clock = new CountingClock(new VirtualClock(scheduler, EPOCH));
    private final InMemoryThrottleGate gate = new InMemoryThrottleGate(new ThrottleGateOptions(),
        new GateEnvironment(clock, scheduler, done -> scheduler.advanceTimeBy(Duration.ofMillis(1))));

    @AfterEach
    void close() {
        scheduler.dispose();
    }

    @Test
    void anUnthrottledAttemptOnAKnownKeyReadsTheClockOnceOnBothPaths() throws Exception {
        gate.report(gate.acquireSync(request(0)), ok(100L, 10_000L));

        clock.reads.set(0);
        ThrottleAdmission sync = gate.acquireSync(request(0));
        assertThat(clock.reads).hasValue(1);
        clock.reads.set(0);
        ThrottleAdmission async = gate.acquire(request(0)).toFuture().getNow(null);
        assertThat(clock.reads).hasValue(1);

        assertThat(async).isNotNull();
        assertThat(sync.wasHeld()).isFalse();
        assertThat(async.getReason()).isEqualTo(ThrottleHoldReason.NONE);
        assertThat(gate.inFlight(KEY)).isEqualTo(2);
        assertThat(gate.waiting(KEY)).isZero();
    }

    @Test
    void aFastAdmissionThatIsNeverDeliveredGoesBackToTheGate() throws Exception {
        gate.report(gate.acquireSync(request(0)), ok(100L, 10_000L));

        gate.acquire(request(0)).subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                cancel();
            }
        });
        BaseSubscriber<ThrottleAdmission> neverRequests = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                // requests nothing
            }
        };
        gate.acquire(request(0)).subscribe(neverRequests);
        assertThat(gate.inFlight(KEY)).isEqualTo(1);
        neverRequests.dispose();

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
