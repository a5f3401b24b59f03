// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import ch.qos.logback.classic.Level;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static io.github.openaipolicies.gate.implementation.VirtualGate.KEY;
import static io.github.openaipolicies.gate.implementation.VirtualGate.at;
import static io.github.openaipolicies.gate.implementation.VirtualGate.ok;
import static io.github.openaipolicies.gate.implementation.VirtualGate.throttled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases: an admission nobody reports is taken back once its call's deadline plus {@link
 * InMemoryThrottleGate#LEASE_MARGIN} has passed, counted and logged once; a late report changes nothing.
 */
@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class GateLeaseTest {
    private static final long MARGIN = InMemoryThrottleGate.LEASE_MARGIN.toMillis();

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private final VirtualGate v = new VirtualGate(new ThrottleGateOptions().setInitialAdmission(1));

    @AfterEach
    void close() {
        v.close();
    }

    @Test
    void anAdmissionNeverReportedIsReclaimedOnceItsLeaseRunsOutAndTheNextWaiterGoes() {
        ThrottleAdmission lost = v.acquire(new ThrottleRequest(KEY, 7, at(0), at(10_000))).join();
        CompletableFuture<ThrottleAdmission> next = v.acquire(new ThrottleRequest(KEY, 1, at(0), at(50_000)));
        assertThat(next).as("the slow-start window of 1 is taken").isNotDone();

        v.advance(10_000 + MARGIN - 1);
        assertThat(next).as("the lease has not run out yet").isNotDone();
        assertThat(v.gate.leasesReclaimed()).isZero();
        assertThat(warnings()).isEmpty();

        v.advance(1);
        assertThat(next).as("the lost admission's slot came back").isDone();
        assertThat(next.join().getHeld()).isEqualTo(Duration.ofMillis(10_000 + MARGIN));
        assertThat(v.gate.inFlight(KEY)).as("only the next one").isEqualTo(1);
        assertThat(v.gate.leasesReclaimed()).isEqualTo(1);
        assertThat(warnings()).singleElement().asString()
            .contains(KEY, "\"pastDeadlineMs\":" + MARGIN, "\"leaseMarginMs\":" + MARGIN, "never reported");

        v.gate.report(lost, ok(null, null));
        assertThat(v.gate.inFlight(KEY)).as("the late report is ignored").isEqualTo(1);
        v.gate.report(next.join(), ok(null, null));
        assertThat(v.gate.inFlight(KEY)).isZero();
        v.advance(10 * MARGIN);
        assertThat(v.acquire(new ThrottleRequest(KEY, 1, at(v.nowMillis()), at(v.nowMillis() + 1_000))))
            .isDone();
        assertThat(v.gate.leasesReclaimed()).as("counted once").isEqualTo(1);
        assertThat(warnings()).as("logged once").hasSize(1);
    }

    @Test
    void withNobodyWaitingTheLeaseIsCheckedWhenTheKeyIsNextUsed() {
        v.acquire(new ThrottleRequest(KEY, 1, at(0), at(1_000))).join();
        v.advance(1_000 + MARGIN - 1);
        assertThat(v.acquire(new ThrottleRequest(KEY, 1, at(v.nowMillis()), at(v.nowMillis() + 1_000))))
            .as("one millisecond early: the slot is still taken").isNotDone();
        assertThat(v.gate.leasesReclaimed()).isZero();

        v.advance(1);

        assertThat(v.gate.leasesReclaimed()).as("the waiter's timer reclaimed it").isEqualTo(1);
        assertThat(v.gate.waiting(KEY)).isZero();
    }

    @Test
    void theFastPathReclaimsAnExpiredLeaseBeforeItDecides() {
        v.gate.report(v.acquire(new ThrottleRequest(KEY, 1, at(0), at(1_000))).join(), ok(null, null));
        ThrottleAdmission lost = v.gate.tryAcquireNow(new ThrottleRequest(KEY, 1, at(0), at(1_000)));
        assertThat(lost).as("the fast path, on a known key").isNotNull();
        assertThat(v.gate.tryAcquireNow(new ThrottleRequest(KEY, 1, at(0), at(1_000)))).as("the window of 2 full")
            .isNotNull();
        v.advance(1_000 + MARGIN);

        ThrottleAdmission next = v.gate.tryAcquireNow(new ThrottleRequest(KEY, 1, at(v.nowMillis()),
            at(v.nowMillis() + 1_000)));

        assertThat(next).as("admitted at once: both slots came back").isNotNull();
        assertThat(v.gate.leasesReclaimed()).isEqualTo(2);
        // The window decayed to 1 over the silence: free it, so only a hold could refuse the next attempt.
        v.gate.report(next, ok(null, null));
        v.gate.report(lost, throttled(60_000));
        assertThat(v.gate.tryAcquireNow(new ThrottleRequest(KEY, 1, at(v.nowMillis()), at(v.nowMillis() + 1_000))))
            .as("the late 429 did not hold the key").isNotNull();
        assertThat(v.gate.inFlight(KEY)).isEqualTo(1);
    }

    @Test
    void anAdmissionReportedInTimeIsNeverReclaimed() {
        ThrottleAdmission reported = v.acquire(new ThrottleRequest(KEY, 1, at(0), at(1_000))).join();
        v.gate.report(reported, ok(null, null));
        ThrottleAdmission second = v.acquire(new ThrottleRequest(KEY, 1, at(0), at(5_000))).join();

        v.advance(1_000 + MARGIN);
        assertThat(v.gate.tryAcquireNow(new ThrottleRequest(KEY, 1, at(v.nowMillis()), at(v.nowMillis() + 1_000))))
            .as("the second admission is still in flight: window of 2").isNotNull();

        assertThat(v.gate.leasesReclaimed()).isZero();
        assertThat(second.getQuotaKey()).isEqualTo(KEY);
    }

    @Test
    void theIdleKeySweepReclaimsTheLeasesOfAKeyNobodyUsesAndForgetsIt() {
        VirtualGate swept = new VirtualGate(new ThrottleGateOptions().setIdleKeyTimeout(Duration.ofSeconds(10)));
        try {
            swept.acquire(new ThrottleRequest(KEY, 1, at(0), at(1_000))).join();
            swept.advance(1_000 + MARGIN);
            swept.acquire(new ThrottleRequest("other", 1, at(swept.nowMillis()), at(swept.nowMillis() + 1_000)));

            assertThat(swept.gate.leasesReclaimed()).isEqualTo(1);
            assertThat(swept.gate.inFlight(KEY)).isZero();

            // Giving the admission back is the key's last use: the sweep after the next idle timeout forgets it.
            swept.advance(10_000);
            swept.acquire(new ThrottleRequest("other", 1, at(swept.nowMillis()), at(swept.nowMillis() + 1_000)));
            assertThat(swept.gate.keys()).as("KEY forgotten, 'other' kept").isEqualTo(1);
        } finally {
            swept.close();
        }
    }

    @Test
    void aDeadlineAtTheEndOfTimeNeverExpiresTheLease() {
        assertThat(LedgerAdmission.leaseExpiry(Instant.MAX)).isEqualTo(Instant.MAX);
        assertThat(LedgerAdmission.leaseExpiry(Instant.MAX.minus(InMemoryThrottleGate.LEASE_MARGIN)))
            .isEqualTo(Instant.MAX);
        assertThat(LedgerAdmission.leaseExpiry(at(0))).isEqualTo(at(MARGIN));
        ThrottleAdmission forever = v.acquire(new ThrottleRequest(KEY, 1, at(0), Instant.MAX)).join();
        v.advance(100 * MARGIN);
        assertThat(v.acquire(new ThrottleRequest(KEY, 1, at(v.nowMillis()), at(v.nowMillis() + 1_000))))
            .isNotDone();
        assertThat(v.gate.leasesReclaimed()).isZero();
        v.gate.report(forever, ok(null, null));
    }

    @Test
    void admissionsOfCallsWithTheSameDeadlineEachHaveTheirLease() {
        VirtualGate wide = new VirtualGate(new ThrottleGateOptions().setInitialAdmission(3));
        try {
            for (int i = 0; i < 3; i++) {
                wide.acquire(new ThrottleRequest(KEY, 1, at(0), at(1_000))).join();
            }
            wide.advance(1_000 + MARGIN);
            wide.acquire(new ThrottleRequest(KEY, 1, at(wide.nowMillis()), at(wide.nowMillis() + 1_000)));

            assertThat(wide.gate.leasesReclaimed()).isEqualTo(3);
            assertThat(wide.gate.inFlight(KEY)).as("only the new one").isEqualTo(1);
        } finally {
            wide.close();
        }
    }

    private java.util.List<String> warnings() {
        return logs.messages(KeyQueue.class, Level.WARN);
    }
}
