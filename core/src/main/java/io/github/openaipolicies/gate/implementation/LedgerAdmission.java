// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleHoldReason;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * An admission of the in-memory gate: remembers its queue, its place in the ledger and its lease, and is reported
 * only once, by its holder or, once the lease has run out, by the gate itself ({@link KeyQueue} reclaims it).
 */
final class LedgerAdmission extends ThrottleAdmission {
    /** Earliest lease expiry first; admission order among equal expiries. */
    static final Comparator<LedgerAdmission> BY_LEASE_EXPIRY = Comparator
        .<LedgerAdmission, Instant>comparing(a -> a.leaseExpiry).thenComparingLong(a -> a.sequence);

    private static final AtomicIntegerFieldUpdater<LedgerAdmission> REPORTED =
        AtomicIntegerFieldUpdater.newUpdater(LedgerAdmission.class, "reported");

    private final KeyQueue queue;
    private final long sequence;
    private final Instant deadline;
    private final Instant leaseExpiry;
    private volatile int reported;

    LedgerAdmission(KeyQueue queue, long cost, Duration held, ThrottleHoldReason reason, long sequence,
        Instant deadline) {
        super(queue.key(), cost, held, reason);
        this.queue = queue;
        this.sequence = sequence;
        this.deadline = deadline;
        this.leaseExpiry = leaseExpiry(deadline);
    }

    /**
     * When an admission whose call must be over at {@code deadline} is reclaimed if still unreported: the deadline
     * plus {@link InMemoryThrottleGate#LEASE_MARGIN}, saturating at {@link Instant#MAX}.
     */
    static Instant leaseExpiry(Instant deadline) {
        return deadline.isAfter(Instant.MAX.minus(InMemoryThrottleGate.LEASE_MARGIN))
            ? Instant.MAX : deadline.plus(InMemoryThrottleGate.LEASE_MARGIN);
    }

    KeyQueue queue() {
        return queue;
    }

    long sequence() {
        return sequence;
    }

    /** The deadline of the call the admission belongs to. */
    Instant deadline() {
        return deadline;
    }

    /** When the gate reclaims the admission if it is still unreported. */
    Instant leaseExpiry() {
        return leaseExpiry;
    }

    /** True the first time only. */
    boolean markReported() {
        return REPORTED.compareAndSet(this, 0, 1);
    }
}
