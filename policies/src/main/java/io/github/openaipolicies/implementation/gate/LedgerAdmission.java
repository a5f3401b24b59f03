// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import io.github.openaipolicies.ThrottleAdmission;
import io.github.openaipolicies.ThrottleHoldReason;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admission of the in-memory gate: remembers its queue and its place in the ledger, and is reported only once.
 */
final class LedgerAdmission extends ThrottleAdmission {
    private final KeyQueue queue;
    private final long sequence;
    private final AtomicBoolean reported = new AtomicBoolean();

    LedgerAdmission(KeyQueue queue, long cost, Duration held, ThrottleHoldReason reason, LedgerDecision decision) {
        super(queue.key(), cost, held, reason);
        this.queue = queue;
        this.sequence = decision.sequence();
    }

    KeyQueue queue() {
        return queue;
    }

    long sequence() {
        return sequence;
    }

    /** True the first time only. */
    boolean markReported() {
        return reported.compareAndSet(false, true);
    }
}
