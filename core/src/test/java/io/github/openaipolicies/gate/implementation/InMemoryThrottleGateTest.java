// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.openaipolicies.gate.implementation.VirtualGate.KEY;
import static io.github.openaipolicies.gate.implementation.VirtualGate.at;
import static io.github.openaipolicies.gate.implementation.VirtualGate.ok;
import static io.github.openaipolicies.gate.implementation.VirtualGate.request;
import static io.github.openaipolicies.gate.implementation.VirtualGate.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class InMemoryThrottleGateTest {
    private VirtualGate virtual;

    @AfterEach
    void close() {
        if (virtual != null) {
            virtual.close();
        }
    }

    private VirtualGate gate(ThrottleGateOptions options) {
        virtual = new VirtualGate(options);
        return virtual;
    }

    @Test
    void afterA429EveryNewAttemptWaitsForTheDelayOnBothPaths() throws Exception {
        VirtualGate v = gate(new ThrottleGateOptions());
        v.answer(throttled(2_000));

        CompletableFuture<ThrottleAdmission> async = v.acquire(request(0));
        v.advance(1_999);
        assertThat(async).isNotDone();
        v.advance(1);
        assertThat(async).isDone();
        assertThat(async.join().getHeld()).isEqualTo(Duration.ofMillis(2_000));
        assertThat(async.join().getReason()).isEqualTo(ThrottleHoldReason.AFTER_429);
        v.gate.report(async.join(), ok(null, null));

        v.answer(throttled(1_500));
        ThrottleAdmission sync = v.gate.acquireSync(request(v.nowMillis()));
        assertThat(sync.getHeld()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(sync.getReason()).isEqualTo(ThrottleHoldReason.AFTER_429);
        assertThat(sync.toString()).isEqualTo("held 1500 ms (after 429)");
    }

    @Test
    void whenTheHoldEndsTheOldestCallGoesFirstAndNoMoreThanTheInitialAdmission() {
        VirtualGate v = gate(new ThrottleGateOptions().setInitialAdmission(1));
        v.answer(throttled(1_000));
        List<Long> order = Collections.synchronizedList(new ArrayList<>());
        List<ThrottleAdmission> admitted = Collections.synchronizedList(new ArrayList<>());
        for (long callStart : new long[] {30, 10, 20}) {
            v.gate.acquire(request(callStart - 100)).thenAccept(a -> {
                order.add(callStart);
                admitted.add(a);
            });
        }

        v.advance(1_000);
        assertThat(order).as("one at a time after a hold").containsExactly(10L);
        v.gate.report(admitted.get(0), ok(null, null));
        assertThat(order).as("a success opens the window by one").containsExactly(10L, 20L, 30L);
    }

    @Test
    void remainingRequestsPaceTheAttemptsAndAZeroHoldsForTheCounterValidity() {
        VirtualGate v = gate(new ThrottleGateOptions().setCounterValidity(Duration.ofMillis(800)));
        v.answer(ok(2L, null));

        List<CompletableFuture<ThrottleAdmission>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(v.acquire(request(i)));
        }
        assertThat(calls.subList(0, 2)).allMatch(CompletableFuture::isDone);
        assertThat(calls.get(2)).isNotDone();
        assertThat(v.gate.waiting(KEY)).isEqualTo(1);

        v.advance(800);
        assertThat(calls.get(2)).isDone();
        assertThat(calls.get(2).join().getReason()).isEqualTo(ThrottleHoldReason.REQUESTS_AT_ZERO);
        assertThat(calls.get(2).join().getHeld()).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void aCounterAtZeroLetsOneProbeGoWhenItExpiresAndAHigherCounterReleasesTheRestAtOnce() {
        VirtualGate v = gate(new ThrottleGateOptions());
        CompletableFuture<ThrottleAdmission> first = v.acquire(request(0));
        v.gate.report(first.join(), ok(0L, null));
        CompletableFuture<ThrottleAdmission> prober = v.acquire(request(1));
        CompletableFuture<ThrottleAdmission> waiting = v.acquire(request(2));
        v.advance(1_000);
        assertThat(prober).isDone();
        assertThat(waiting).as("a single probe after a counter at zero").isNotDone();

        v.advance(10);
        v.gate.report(prober.join(), ok(5L, null));

        assertThat(waiting).isDone();
        assertThat(waiting.join().getHeld()).isEqualTo(Duration.ofMillis(1_010));
        assertThat(v.acquire(request(3))).isDone();
    }

    @Test
    void remainingTokensPaceByEstimatedTokensAndSmallerAttemptsPassABigOneOnlyABoundedNumberOfTimes() {
        VirtualGate v = gate(new ThrottleGateOptions().setCounterValidity(Duration.ofSeconds(30)));
        v.answer(ok(null, 100L));
        assertThat(v.acquire(request(-1, 70))).as("70 of 100 tokens").isDone();

        CompletableFuture<ThrottleAdmission> big = v.acquire(request(0, 50));
        List<CompletableFuture<ThrottleAdmission>> small = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            small.add(v.acquire(request(i, 10)));
        }
        assertThat(big).isNotDone();
        assertThat(small.stream().filter(CompletableFuture::isDone).count()).as("30 tokens left: three of 10")
            .isEqualTo(3);

        // Fresh answers leave 30 tokens twice (an answer's counter is taken net of everything in flight: here the
        // 70 and the small ones still unanswered): more small ones pass, but at most MAX_BYPASS (8) in all,
        // although the ninth would fit.
        v.advance(1);
        v.gate.report(small.get(2).join(), ok(null, 30L + 70 + 20));
        v.advance(1);
        v.gate.report(small.get(5).join(), ok(null, 30L + 70 + 40));
        assertThat(small.stream().filter(CompletableFuture::isDone).count()).isEqualTo(KeyQueue.MAX_BYPASS);
        assertThat(big).isNotDone();

        v.advance(1);
        v.gate.report(small.get(KeyQueue.MAX_BYPASS - 1).join(), ok(null, 60L + 70 + 50));

        assertThat(big).as("the big one goes before the small ones behind it").isDone();
        assertThat(big.join().getReason()).isEqualTo(ThrottleHoldReason.TOKENS_AT_ZERO);
        assertThat(small.get(KeyQueue.MAX_BYPASS)).as("10 tokens left after 50: the next small one").isDone();
        assertThat(small.get(KeyQueue.MAX_BYPASS + 1)).isNotDone();
    }

    @Test
    void slowStartAdmitsTheInitialAdmissionAndTheFirstCountersOpenTheRest() {
        VirtualGate v = gate(new ThrottleGateOptions().setInitialAdmission(2));
        List<CompletableFuture<ThrottleAdmission>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(v.acquire(request(i)));
        }
        assertThat(calls.stream().filter(CompletableFuture::isDone).count()).isEqualTo(2);

        v.advance(40);
        v.gate.report(calls.get(0).join(), ok(10L, null));

        assertThat(calls).allMatch(CompletableFuture::isDone);
        assertThat(calls.get(5).join().getReason()).isEqualTo(ThrottleHoldReason.SLOW_START);
        assertThat(calls.get(5).join().getHeld()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void aWaitThatWouldPassTheDeadlineFailsAtOnceNamingTheKeyAndTheWait() {
        VirtualGate v = gate(new ThrottleGateOptions());
        v.answer(throttled(30_000));
        ThrottleRequest request = new ThrottleRequest(KEY, 1, at(0), at(10_000));

        CompletableFuture<ThrottleAdmission> async = v.acquire(request);
        assertThat(async).isCompletedExceptionally();
        assertThatThrownBy(async::join).isInstanceOf(CompletionException.class)
            .cause().isInstanceOf(ThrottleGateTimeoutException.class)
            .hasMessageContaining(KEY).hasMessageContaining("30000 ms").hasMessageContaining("10000 ms");
        assertThatThrownBy(() -> v.gate.acquireSync(request)).isInstanceOf(ThrottleGateTimeoutException.class)
            .hasMessageContaining(KEY);
        assertThat(v.nowMillis()).as("no time passed").isZero();
        assertThat(v.gate.waiting(KEY)).isZero();
    }

    @Test
    void theGatesMaxWaitBoundsTheWaitToo() {
        VirtualGate v = gate(new ThrottleGateOptions().setMaxWait(Duration.ofSeconds(2)));
        v.answer(throttled(5_000));

        assertThat(v.acquire(request(0))).isCompletedExceptionally();
    }

    @Test
    void aWaitWithNoKnownEndFailsWhenTheDeadlineComes() {
        VirtualGate v = gate(new ThrottleGateOptions().setInitialAdmission(1));
        v.acquire(request(0));
        CompletableFuture<ThrottleAdmission> waiting = v.acquire(new ThrottleRequest(KEY, 1, at(0), at(500)));

        v.advance(499);
        assertThat(waiting).isNotDone();
        v.advance(1);
        assertThat(waiting).isCompletedExceptionally();
        assertThatThrownBy(waiting::join).cause().isInstanceOf(ThrottleGateTimeoutException.class)
            .hasMessageContaining("did not admit");
        assertThat(v.gate.waiting(KEY)).isZero();
    }

    @Test
    void cancellingAWaitingCallTakesItOutOfTheQueueAtOnce() {
        VirtualGate v = gate(new ThrottleGateOptions().setInitialAdmission(1));
        CompletableFuture<ThrottleAdmission> first = v.acquire(request(0));
        CompletableFuture<ThrottleAdmission> cancelled = v.gate.acquire(request(1));
        CompletableFuture<ThrottleAdmission> next = v.acquire(request(2));
        assertThat(v.gate.waiting(KEY)).isEqualTo(2);

        assertThat(cancelled.cancel(false)).isTrue();

        assertThat(v.gate.waiting(KEY)).isEqualTo(1);
        v.gate.report(first.join(), ThrottleFeedback.error(new RuntimeException("reset")));
        assertThat(next).isDone();
        assertThat(cancelled).isCancelled();
        assertThat(v.gate.inFlight(KEY)).isEqualTo(1);
    }

    @Test
    void anInterruptedSyncWaitLeavesTheQueue() {
        virtual = new VirtualGate(new ThrottleGateOptions(), GateEnvironment.Blocker.FUTURE_GET);
        virtual.answer(throttled(10_000));

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> virtual.gate.acquireSync(request(0))).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(virtual.gate.waiting(KEY)).isZero();
    }

    @Test
    void idleKeysAreForgottenButKeysUnderAHoldAreKept() {
        VirtualGate v = gate(new ThrottleGateOptions().setIdleKeyTimeout(Duration.ofSeconds(10)));
        v.answer(ok(5L, 100L));
        ThrottleRequest held = new ThrottleRequest("held", 1, at(0), at(100_000));
        v.gate.report(v.acquire(held).join(), throttled(40_000));
        assertThat(v.gate.keys()).isEqualTo(2);

        v.advance(11_000);
        v.acquire(new ThrottleRequest("other", 1, at(11_000), at(100_000)));
        assertThat(v.gate.keys()).as("KEY forgotten, 'held' kept, 'other' new").isEqualTo(2);
        assertThat(v.gate.waiting("held")).isZero();

        v.advance(40_000);
        v.acquire(new ThrottleRequest("third", 1, at(51_000), at(200_000)));
        assertThat(v.gate.keys()).as("'held' forgotten once its hold passed").isEqualTo(2);
    }

    @Test
    void anAdmissionIsReportedOnlyOnceAndOnlyToItsGate() {
        VirtualGate v = gate(new ThrottleGateOptions());
        ThrottleAdmission admission = v.acquire(request(0)).join();
        v.acquire(request(0));
        v.gate.report(admission, ok(null, null));
        v.gate.report(admission, ok(null, null));
        assertThat(v.gate.inFlight(KEY)).isEqualTo(1);

        try (VirtualGate other = new VirtualGate(new ThrottleGateOptions())) {
            assertThatThrownBy(() -> other.gate.report(admission, ok(null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void idleKeysAreSweptFirstAfterOneTimeoutThenEveryHalfTimeout() {
        VirtualGate v = gate(new ThrottleGateOptions().setIdleKeyTimeout(Duration.ofSeconds(10)));
        use(v, "a");
        v.advance(2_000);
        use(v, "b");
        v.advance(5_000);
        use(v, "x");

        v.advance(3_000);
        use(v, "c");
        assertThat(v.gate.keys()).as("at 10 s 'a' (idle since 0) is forgotten").isEqualTo(3);

        v.advance(2_000);
        use(v, "d");
        assertThat(v.gate.keys()).as("at 12 s no sweep is due: 'b' (idle since 12 s) is kept").isEqualTo(4);

        v.advance(3_000);
        use(v, "e");
        assertThat(v.gate.keys()).as("at 15 s 'b' is forgotten, 'x' (idle at 17 s) kept").isEqualTo(4);
        assertThat(v.gate.inFlight("x")).isZero();
    }

    private static void use(VirtualGate v, String key) {
        long now = v.nowMillis();
        v.gate.report(v.acquire(new ThrottleRequest(key, 1, at(now), at(now + 100_000))).join(), ok(null, null));
    }

    @Test
    void aSyncWaitInterruptedJustAfterItsAdmissionGivesTheAdmissionBack() {
        AtomicReference<VirtualGate> self = new AtomicReference<>();
        virtual = new VirtualGate(new ThrottleGateOptions(), done -> {
            self.get().advance(1_000);
            throw new InterruptedException("interrupted as the hold ended");
        });
        self.set(virtual);
        virtual.answer(throttled(1_000));

        assertThatThrownBy(() -> virtual.gate.acquireSync(request(0))).isInstanceOf(InterruptedException.class);
        assertThat(virtual.gate.inFlight(KEY)).as("the admission went back").isZero();
        assertThat(virtual.gate.waiting(KEY)).isZero();
    }

    @Test
    void anInterruptRacingATimeOutThrowsTheTimeOutAndKeepsTheInterruptFlag() throws Exception {
        Raced raced = raceAnInterruptWithTheDecision(false);

        assertThat(raced.error()).isInstanceOf(ThrottleGateTimeoutException.class).hasMessageContaining(KEY);
        assertThat(raced.interruptFlag()).as("the interrupt is not lost").isTrue();
        assertThat(virtual.gate.waiting(KEY)).isZero();
        assertThat(virtual.gate.inFlight(KEY)).as("only the first").isEqualTo(1);
    }

    @Test
    void anInterruptRacingAnAdmissionGivesTheAdmissionBackAndThrowsTheInterrupt() throws Exception {
        Raced raced = raceAnInterruptWithTheDecision(true);

        assertThat(raced.error()).isInstanceOf(InterruptedException.class);
        assertThat(virtual.gate.waiting(KEY)).isZero();
        assertThat(virtual.gate.inFlight(KEY)).as("the async waiter's only: the sync one's went back").isEqualTo(1);
    }

    private record Raced(Throwable error, boolean interruptFlag) {
    }

    /**
     * A sync waiter (on its own thread, blocked until interrupted) and, just ahead of it with the same deadline, an
     * async one. When both are decided at once (admitted, or timed out), the async one's callback runs first on
     * this thread: it interrupts the sync waiter and lets it go as far as it can before the sync waiter's own
     * decision reaches it.
     */
    private Raced raceAnInterruptWithTheDecision(boolean admit) throws Exception {
        CountDownLatch inBlocker = new CountDownLatch(1);
        CountDownLatch leftBlocker = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        virtual = new VirtualGate(new ThrottleGateOptions().setInitialAdmission(1), done -> {
            inBlocker.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                leftBlocker.countDown();
                throw e;
            }
        });
        VirtualGate v = virtual;
        ThrottleAdmission first = v.acquire(new ThrottleRequest(KEY, 1, at(0), at(100_000))).join();
        AtomicReference<Thread> sync = new AtomicReference<>();
        Runnable interruptTheSyncWaiter = () -> {
            Thread thread = sync.get();
            thread.interrupt();
            try {
                leftBlocker.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            while (thread.isAlive() && thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        };
        v.gate.acquire(new ThrottleRequest(KEY, 1, at(0), at(500)))
            .whenComplete((a, e) -> interruptTheSyncWaiter.run());
        CompletableFuture<Raced> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                v.gate.acquireSync(new ThrottleRequest(KEY, 1, at(0), at(500)));
                outcome.complete(new Raced(null, Thread.currentThread().isInterrupted()));
            } catch (Throwable e) {
                outcome.complete(new Raced(e, Thread.currentThread().isInterrupted()));
            }
        }, "sync-waiter");
        sync.set(thread);
        thread.start();
        inBlocker.await();

        if (admit) {
            v.advance(10);
            v.gate.report(first, ok(10L, null));
        } else {
            v.advance(500);
        }

        thread.join();
        return outcome.join();
    }

    @Test
    void atMostMaxKeysAreRememberedTheLeastRecentlyUsedIdleOnesForgottenFirstAndNeverOneInUse() {
        virtual = new VirtualGate(new ThrottleGateOptions(), 10);
        VirtualGate v = virtual;
        // Used first, so least recently: a key with an attempt in flight, one under a hold, one with a waiter.
        ThrottleAdmission busy = v.acquire(keyed("busy", v)).join();
        v.gate.report(v.acquire(keyed("held", v)).join(), throttled(60_000));
        for (int i = 0; i < ThrottleGateOptions.DEFAULT_INITIAL_ADMISSION + 1; i++) {
            v.acquire(keyed("queued", v));
        }
        // Then seven idle keys, in this order; idle-0's answer comes last, idle-1 is held until after idle-6 is used.
        ThrottleAdmission idle0 = v.acquire(keyed("idle-0", v)).join();
        v.advance(1);
        v.gate.report(v.acquire(keyed("idle-1", v)).join(), throttled(50));
        for (int i = 2; i < 7; i++) {
            v.advance(5);
            v.gate.report(v.acquire(keyed("idle-" + i, v)).join(), ok(null, null));
        }
        // idle-1 is used again, by an attempt that enters while it is held and leaves.
        v.advance(1);
        CompletableFuture<ThrottleAdmission> leaves = v.gate.acquire(keyed("idle-1", v));
        assertThat(v.gate.waiting("idle-1")).isEqualTo(1);
        leaves.cancel(false);
        v.advance(100);
        v.gate.report(idle0, ok(null, null));
        assertThat(v.gate.keys()).isEqualTo(10);

        v.advance(1);
        assertThat(v.acquire(keyed("new", v))).isDone();

        assertThat(v.gate.keys()).as("one forgotten to make room: nine tenths of the bound, plus the new one")
            .isEqualTo(10);
        assertThat(v.gate.queue("idle-2")).as("the least recently used idle key").isNull();
        assertThat(v.gate.queue("idle-0")).as("answered last").isNotNull();
        assertThat(v.gate.queue("idle-1")).as("entered after idle-2 was used").isNotNull();
        assertThat(v.gate.inFlight("busy")).as("in flight: kept").isEqualTo(1);
        assertThat(v.gate.tryAcquireNow(keyed("held", v))).as("held: kept").isNull();
        assertThat(v.gate.waiting("queued")).as("waiting: kept").isEqualTo(1);
        v.gate.report(busy, ok(null, null));

        for (int i = 0; i < 1_000; i++) {
            v.advance(1);
            v.gate.report(v.acquire(keyed("churn-" + i, v)).join(), ok(null, null));
            assertThat(v.gate.keys()).as("after %d more keys", i + 1).isLessThanOrEqualTo(10);
        }
        assertThat(v.gate.tryAcquireNow(keyed("held", v))).as("still held").isNull();
        assertThat(v.gate.waiting("queued")).as("still waiting").isEqualTo(1);
    }

    @Test
    void whenEveryKeyIsInUseNoneIsForgottenAndTheBoundIsPassed() {
        virtual = new VirtualGate(new ThrottleGateOptions(), 3);
        VirtualGate v = virtual;
        for (int i = 0; i < 5; i++) {
            v.acquire(keyed("busy-" + i, v)).join();
        }

        assertThat(v.gate.keys()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(v.gate.inFlight("busy-" + i)).isEqualTo(1);
        }
    }

    private static ThrottleRequest keyed(String key, VirtualGate v) {
        return new ThrottleRequest(key, 1, at(v.nowMillis()), at(v.nowMillis() + 100_000));
    }

    @Test
    void theGatesPublicMethodsAreTheSpiItsFactoriesAndTheLeaseCountOnly() {
        assertThat(Arrays.stream(InMemoryThrottleGate.class.getDeclaredMethods())
            .filter(method -> Modifier.isPublic(method.getModifiers())).map(Method::getName))
            .containsExactlyInAnyOrder("create", "shared", "quotaKey", "acquire", "tryAcquireNow", "acquireSync",
                "report", "leasesReclaimed");
    }
}
