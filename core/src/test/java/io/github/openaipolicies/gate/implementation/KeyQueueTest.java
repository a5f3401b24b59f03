// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.github.openaipolicies.gate.implementation.VirtualGate.KEY;
import static io.github.openaipolicies.gate.implementation.VirtualGate.at;
import static io.github.openaipolicies.gate.implementation.VirtualGate.ok;
import static io.github.openaipolicies.gate.implementation.VirtualGate.request;
import static io.github.openaipolicies.gate.implementation.VirtualGate.throttled;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class KeyQueueTest {
    @Test
    void callsThatStartedAtTheSameMomentGoInTheOrderTheyArrived() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setInitialAdmission(1))) {
            v.answer(throttled(1_000));
            List<CompletableFuture<ThrottleAdmission>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(v.acquire(new ThrottleRequest(KEY, 1, at(-5), at(100_000))));
            }

            v.advance(1_000);
            assertThat(calls).extracting(CompletableFuture::isDone).as("one at a time after a hold, first come")
                .containsExactly(true, false, false);
            v.advance(1);
            v.gate.report(calls.get(0).join(), ok(null, null));
            assertThat(calls).extracting(CompletableFuture::isDone).containsExactly(true, true, true);
            assertThat(calls.get(1).join().getHeld()).isEqualTo(Duration.ofMillis(1_001));
            assertThat(calls).extracting(call -> call.join().getQuotaKey()).containsOnly(KEY);
        }
    }
    @Test
    void aYoungerAttemptThatDoesNotFitEitherDoesNotStopASmallerOneBehindItFromPassing() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setCounterValidity(Duration.ofSeconds(30)))) {
            v.answer(ok(null, 100L));
            assertThat(v.acquire(request(-1, 70))).as("70 of 100 tokens").isDone();

            CompletableFuture<ThrottleAdmission> big = v.acquire(request(0, 50));
            CompletableFuture<ThrottleAdmission> medium = v.acquire(request(1, 40));
            CompletableFuture<ThrottleAdmission> small = v.acquire(request(2, 10));

            assertThat(big).isNotDone();
            assertThat(medium).as("smaller than the oldest but more than the 30 tokens left").isNotDone();
            assertThat(small).isDone();
        }
    }

    @Test
    void theAttemptsHeldOnlyByTheBypassLimitGoWhenTheOldestTimesOut() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setCounterValidity(Duration.ofSeconds(30)))) {
            v.answer(ok(null, 100L));
            assertThat(v.acquire(request(-1, 70))).as("70 of 100 tokens").isDone();
            CompletableFuture<ThrottleAdmission> big = v.acquire(new ThrottleRequest(KEY, 50, at(0), at(500)));
            List<CompletableFuture<ThrottleAdmission>> small = new ArrayList<>();
            for (int i = 1; i <= KeyQueue.MAX_BYPASS + 1; i++) {
                small.add(v.acquire(request(i, 3)));
            }
            assertThat(small.get(KeyQueue.MAX_BYPASS)).isNotDone();

            v.advance(500);

            assertThat(big).isCompletedExceptionally();
            assertThat(small.get(KeyQueue.MAX_BYPASS)).as("no longer behind anyone").isDone();
            assertThat(small.get(KeyQueue.MAX_BYPASS).join().getHeld()).isEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void theAttemptsHeldOnlyByTheBypassLimitGoAtOnceWhenTheOldestLeaves() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setCounterValidity(Duration.ofSeconds(30)))) {
            v.answer(ok(null, 100L));
            assertThat(v.acquire(request(-1, 70))).as("70 of 100 tokens").isDone();
            CompletableFuture<ThrottleAdmission> big = v.gate.acquire(request(0, 50));
            List<CompletableFuture<ThrottleAdmission>> small = new ArrayList<>();
            for (int i = 1; i <= KeyQueue.MAX_BYPASS + 1; i++) {
                small.add(v.acquire(request(i, 3)));
            }
            assertThat(small.subList(0, KeyQueue.MAX_BYPASS)).allMatch(CompletableFuture::isDone);
            assertThat(small.get(KeyQueue.MAX_BYPASS)).as("6 tokens left, but the oldest was passed often enough")
                .isNotDone();

            big.cancel(false);

            assertThat(v.gate.waiting(KEY)).isZero();
            assertThat(small.get(KeyQueue.MAX_BYPASS)).as("no longer behind anyone").isDone();
        }
    }

    @Test
    void theBypassLooksAtABoundedNumberOfYoungerAttempts() {
        assertThat(smallOneBehind(KeyQueue.BYPASS_LOOKAHEAD - 1)).as("within the look-ahead: it passes").isDone();
        assertThat(smallOneBehind(KeyQueue.BYPASS_LOOKAHEAD)).as("beyond it: it waits its turn").isNotDone();
    }

    /** A small attempt behind the oldest one (which waits for tokens) and {@code bigger} younger ones that do not fit. */
    private static CompletableFuture<ThrottleAdmission> smallOneBehind(int bigger) {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setCounterValidity(Duration.ofSeconds(30)))) {
            v.answer(ok(null, 100L));
            assertThat(v.acquire(request(-1, 70))).as("70 of 100 tokens").isDone();
            assertThat(v.acquire(request(0, 50))).isNotDone();
            for (int i = 1; i <= bigger; i++) {
                assertThat(v.acquire(request(i, 60))).isNotDone();
            }
            return v.acquire(request(bigger + 1, 10));
        }
    }

    @Test
    void aLaterWaiterWithAnEarlierDeadlineMovesTheKeysOneTimerEarlier() {
        VirtualTimer counting = new VirtualTimer(VirtualGate.EPOCH);
        InMemoryThrottleGate gate = new InMemoryThrottleGate(new ThrottleGateOptions().setInitialAdmission(1),
            new GateEnvironment(counting.clock(), counting, done -> {
                throw new AssertionError("no sync waits here");
            }));
        {
            gate.acquire(request(0)).join();
            List<CompletableFuture<ThrottleAdmission>> waiters = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                waiters.add(gate.acquire(new ThrottleRequest(KEY, 1, at(0), at(10_000 - 10L * i))));
            }
            assertThat(counting.pending()).as("one timer for the key, not one per waiter").isEqualTo(1);

            counting.advanceBy(Duration.ofMillis(10_000 - 10L * 99));
            assertThat(waiters.get(99)).as("the last, whose deadline is the earliest").isCompletedExceptionally();
            assertThat(waiters.get(98)).isNotDone();
            counting.advanceBy(Duration.ofMillis(10L * 99));
            assertThat(waiters).allMatch(CompletableFuture::isCompletedExceptionally);
            assertThat(gate.waiting(KEY)).isZero();
        }
    }

    @Test
    void aTimerThatFiresJustBeforeTheClockReadsItsTimeStillEndsTheWaitThen() {
        VirtualTimer scheduler = new VirtualTimer(VirtualGate.EPOCH);
        AtomicLong lagMillis = new AtomicLong();
        Clock virtual = scheduler.clock();
        Clock lagging = new Clock() {
            @Override
            public ZoneId getZone() {
                return virtual.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return virtual.instant().minusMillis(lagMillis.get());
            }
        };
        InMemoryThrottleGate gate = new InMemoryThrottleGate(new ThrottleGateOptions().setInitialAdmission(1),
            new GateEnvironment(lagging, scheduler, done -> scheduler.advanceBy(Duration.ofMillis(1))));
        {
            gate.acquire(new ThrottleRequest(KEY, 1, at(0), at(100_000))).join();
            CompletableFuture<ThrottleAdmission> waiting = gate.acquire(new ThrottleRequest(KEY, 1, at(0),
                at(500)));
            // The clock falls a millisecond behind the scheduler's time, as a wall clock may fall behind nano time.
            lagMillis.set(1);

            scheduler.advanceBy(Duration.ofMillis(500));

            assertThat(waiting).as("the timer armed for 500 ms fired at 500 ms, the clock said 499").isDone();
            assertThat(gate.waiting(KEY)).isZero();
        }
    }

    @Test
    void theDeadlineIndexAndTheLeasesFollowTheQueueThroughBypassesCancelsAndReports() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setCounterValidity(Duration.ofSeconds(30)))) {
            v.answer(ok(null, 100L));
            ThrottleAdmission seventy = v.acquire(request(-1, 70)).join();
            CompletableFuture<ThrottleAdmission> big = v.gate.acquire(request(0, 50));
            CompletableFuture<ThrottleAdmission> small = v.acquire(request(1, 10));
            CompletableFuture<ThrottleAdmission> waits = v.acquire(request(2, 40));
            KeyQueue queue = v.gate.queue(KEY);
            assertThat(small).as("passed the oldest").isDone();
            assertThat(queue.waiting()).isEqualTo(2);
            assertThat(queue.indexed()).isEqualTo(2);
            assertThat(queue.leased()).isEqualTo(2);

            big.cancel(false);
            v.gate.report(small.join(), ok(null, null));
            v.gate.report(seventy, ok(null, null));

            assertThat(waits).isNotDone();
            assertThat(queue.waiting()).isEqualTo(1);
            assertThat(queue.indexed()).isEqualTo(1);
            assertThat(queue.leased()).as("every reported admission's lease let go").isZero();
            assertThat(queue.inFlight()).isZero();
        }
    }
}
