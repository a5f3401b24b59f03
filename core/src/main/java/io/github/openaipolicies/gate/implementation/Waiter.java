// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;

import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One attempt waiting in a {@link KeyQueue}: ordered by its call's start, then by arrival ({@link #ORDER}), and
 * indexed by its deadline ({@link #BY_DEADLINE}). Decided once: admitted, failed or cancelled, whichever comes first.
 */
final class Waiter {
    /** Oldest call first; arrival order among calls that started at the same moment. */
    static final Comparator<Waiter> ORDER = Comparator.<Waiter, Instant>comparing(w -> w.request.callStart())
        .thenComparingLong(w -> w.arrival);
    /** Earliest deadline first; arrival order among equal deadlines. */
    static final Comparator<Waiter> BY_DEADLINE = Comparator.<Waiter, Instant>comparing(w -> w.deadline)
        .thenComparingLong(w -> w.arrival);

    private static final int WAITING = 0;
    private static final int DECIDED = 1;

    final ThrottleRequest request;
    final Instant deadline;
    final Instant enqueuedAt;
    final long arrival;
    final Consumer<ThrottleAdmission> onAdmit;
    final Consumer<Throwable> onFail;
    ThrottleHoldReason reason = ThrottleHoldReason.QUEUED;
    int bypassed;
    boolean queued;
    private final AtomicInteger state = new AtomicInteger(WAITING);

    Waiter(ThrottleRequest request, Instant deadline, Instant enqueuedAt, long arrival,
        Consumer<ThrottleAdmission> onAdmit, Consumer<Throwable> onFail) {
        this.request = request;
        this.deadline = deadline;
        this.enqueuedAt = enqueuedAt;
        this.arrival = arrival;
        this.onAdmit = onAdmit;
        this.onFail = onFail;
    }

    /** Claims the decision; true for the first caller only. */
    boolean decide() {
        return state.compareAndSet(WAITING, DECIDED);
    }

    long cost() {
        return request.cost();
    }
}
