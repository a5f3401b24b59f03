// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import io.github.openaipolicies.ThrottleAdmission;
import io.github.openaipolicies.ThrottleHoldReason;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * An admission of the in-memory gate: remembers its queue and its place in the ledger, and is reported only once.
 */
final class LedgerAdmission extends ThrottleAdmission {
    private static final AtomicIntegerFieldUpdater<LedgerAdmission> REPORTED =
        AtomicIntegerFieldUpdater.newUpdater(LedgerAdmission.class, "reported");

    private final KeyQueue queue;
    private final long sequence;
    private volatile int reported;

    LedgerAdmission(KeyQueue queue, long cost, Duration held, ThrottleHoldReason reason, long sequence) {
        super(queue.key(), cost, held, reason);
        this.queue = queue;
        this.sequence = sequence;
    }

    KeyQueue queue() {
        return queue;
    }

    long sequence() {
        return sequence;
    }

    /** True the first time only. */
    boolean markReported() {
        return REPORTED.compareAndSet(this, 0, 1);
    }
}
