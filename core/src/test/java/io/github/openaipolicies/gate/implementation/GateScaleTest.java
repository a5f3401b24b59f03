// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.github.openaipolicies.gate.implementation.VirtualGate.KEY;
import static io.github.openaipolicies.gate.implementation.VirtualGate.at;
import static io.github.openaipolicies.gate.implementation.VirtualGate.ok;
import static io.github.openaipolicies.gate.implementation.VirtualGate.throttled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many waiters on one key cost {@code O(n log n)} in all, counted in operations, not time: the comparisons the
 * queue's indexes make plus the waiters and leases its loops visit ({@link KeyQueue#visits()}), against a budget of
 * {@value #C}{@code  · n · log2 n}. Run with {@code -Dgate.waiters=<n>} for another {@code n}.
 */
@Timeout(120) // only so that a regression that blocks fails instead of hanging the build
class GateScaleTest {
    private static final int N = Integer.getInteger("gate.waiters", 100_000);
    private static final int C = 8;

    private final ThrottleGateOptions options = new ThrottleGateOptions().setInitialAdmission(1)
        .setCounterValidity(Duration.ofMinutes(10));
    private final VirtualGate v = new VirtualGate(options);
    private final AtomicLong comparisons = new AtomicLong();
    private final KeyQueue queue = new KeyQueue(KEY, GateSettings.of(options), v.environment, v.gate,
        counting(Waiter.ORDER), counting(Waiter.BY_DEADLINE));
    private final List<ThrottleAdmission> admitted = new ArrayList<>();
    private final List<Throwable> failed = new ArrayList<>();

    @AfterEach
    void close() {
        v.close();
    }

    @Test
    void duringAHoldWaitersEnterFailAtOnceLeaveAndTimeOutInLogLinearWork() {
        v.gate.report(queue.admitIfFree(request(0, 1, 1_000), v.environment.now()), throttled(50_000));
        List<Waiter> toCancel = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            // A third cannot wait out the hold, a third will leave, a third will time out after the hold.
            long deadline = i % 3 == 0 ? 1_000 + i % 40_000 : 55_000 + i;
            Waiter waiter = queue.enter(request(i % 1_000, 1, deadline), at(deadline), v.environment.now(),
                admitted::add, failed::add);
            if (i % 3 == 1) {
                toCancel.add(waiter);
            }
        }
        int failedAtOnce = failed.size();
        int waitingAfterEntering = queue.waiting();
        toCancel.forEach(queue::cancel);
        int waitingAfterLeaving = queue.waiting();
        v.advance(50_000 + N + 10_000);

        assertThat(failedAtOnce).as("those that cannot wait out the hold fail as they enter").isEqualTo((N + 2) / 3);
        assertThat(waitingAfterEntering).isEqualTo(N - failedAtOnce);
        assertThat(waitingAfterLeaving).isEqualTo(N / 3);
        // After the hold, one probe in the window of 1; nobody reports it, so its lease brings in the next, etc.
        assertThat(admitted).isNotEmpty();
        assertThat(failed.size()).as("the rest timed out").isGreaterThan(failedAtOnce + N / 3 - 100)
            .isEqualTo(N - toCancel.size() - admitted.size());
        assertThat(queue.waiting()).isZero();
        assertThat(queue.indexed()).isZero();
        assertThat(queue.visits()).as("the failing loops visit each waiter they fail, and no other")
            .isEqualTo(failed.size());
        assertWithinBudget();
    }

    @Test
    void waitersForTokensThatCannotPassTheOldestAreNotScannedOnEveryEntry() {
        v.gate.report(queue.admitIfFree(request(0, 1, 1_000), v.environment.now()), ok(null, 100L));
        assertThat(queue.admitIfFree(request(0, 100, 1_000), v.environment.now())).as("every token taken")
            .isNotNull();
        for (int i = 0; i < N; i++) {
            queue.enter(request(1 + i % 1_000, 50, 30_000), at(30_000), v.environment.now(), admitted::add,
                failed::add);
        }
        int waiting = queue.waiting();
        v.advance(30_000);

        assertThat(waiting).as("none fits, none smaller than the oldest").isEqualTo(N);
        assertThat(failed).hasSize(N);
        long lookedAt = 0;
        for (int k = 0; k < N; k++) {
            lookedAt += Math.min(KeyQueue.BYPASS_LOOKAHEAD, k);
        }
        assertThat(queue.visits()).as("each entry looks at most %d younger ones; each waiter fails once",
            KeyQueue.BYPASS_LOOKAHEAD).isEqualTo(lookedAt + N);
        assertWithinBudget();
    }

    private void assertWithinBudget() {
        long operations = comparisons.get() + queue.visits();
        long budget = (long) (C * N * (Math.log(N) / Math.log(2)));
        System.out.printf("GateScaleTest n=%d comparisons=%d visits=%d operations/(n log2 n)=%.2f%n", N,
            comparisons.get(), queue.visits(), operations / (N * (Math.log(N) / Math.log(2))));
        assertThat(operations).as("comparisons + visits for %d waiters", N).isLessThanOrEqualTo(budget);
    }

    private static ThrottleRequest request(long callStart, long cost, long deadline) {
        return new ThrottleRequest(KEY, cost, at(callStart), at(deadline));
    }

    private Comparator<Waiter> counting(Comparator<Waiter> order) {
        return (a, b) -> {
            comparisons.incrementAndGet();
            return order.compare(a, b);
        };
    }

}
