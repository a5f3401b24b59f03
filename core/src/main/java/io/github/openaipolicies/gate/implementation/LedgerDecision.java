// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleHoldReason;

import java.time.Instant;

/**
 * A {@link KeyLedger}'s answer to "may this cost go now?".
 *
 * @param admitted whether the cost was admitted (and charged)
 * @param retryAt when not admitted: when to ask again, or null when only an answer to an attempt in flight can
 * change the decision
 * @param reason when not admitted: why
 * @param sequence when admitted: the admission's number in this ledger, 1 for the first
 * @param cost when admitted: the cost charged
 */
public record LedgerDecision(boolean admitted, Instant retryAt, ThrottleHoldReason reason, long sequence,
    long cost) {

    static LedgerDecision admit(long sequence, long cost) {
        return new LedgerDecision(true, null, ThrottleHoldReason.NONE, sequence, cost);
    }

    static LedgerDecision holdUntil(Instant retryAt, ThrottleHoldReason reason) {
        return new LedgerDecision(false, retryAt, reason, 0, 0);
    }

    static LedgerDecision awaitAnswer(ThrottleHoldReason reason) {
        return new LedgerDecision(false, null, reason, 0, 0);
    }
}
