// Licensed under the MIT License.
package io.github.openaipolicies.redis.implementation;

import io.github.openaipolicies.gate.ThrottleHoldReason;

import java.time.Duration;
import java.util.List;

/**
 * Redis's answer to "may this attempt go?": granted (with its place in the key's sequence), held (for how long and
 * why), or not asked because coordination is off.
 *
 * @param outcome granted, held or local
 * @param generation when granted: the generation of the key's state the grant belongs to (a state lost and created
 * again has another one)
 * @param sequence when granted: the grant's number for the key in that generation
 * @param grantedCost when granted: the cost granted for the key so far, this grant included
 * @param holdFor when held: how long, by Redis's clock
 * @param reason when held: why
 */
public record Grant(Outcome outcome, String generation, long sequence, long grantedCost, Duration holdFor,
    ThrottleHoldReason reason) {
    /** The answer when Redis was not asked or did not answer in time. */
    public static final Grant LOCAL = new Grant(Outcome.LOCAL, "", 0, 0, Duration.ZERO, ThrottleHoldReason.NONE);

    /** The kinds of answer. */
    public enum Outcome {
        /** Redis granted the attempt. */
        GRANTED,
        /** Redis holds the attempt. */
        HELD,
        /** Redis was not consulted: the local gate's admission stands alone. */
        LOCAL
    }

    /**
     * How long this process keeps Redis's wait before asking again. A hold after a 429, and a counter at zero for
     * longer than the counter validity (only a reset hint says that), until it ends: that end is known. Any other
     * counter at zero for at most {@code recheck}: an answer another process gets may free it sooner, and that answer
     * reaches only Redis, not this process's in-memory gate.
     *
     * Never longer than {@code longest}, the reader's own cap.
     *
     * @param recheck how long a counter at zero without a reset hint is believed
     * @param counterValidity how long a counter without a reset hint is believed
     * @param longest the longest hold this reader keeps
     * @return the wait to keep in the in-memory gate
     */
    public Duration localHold(Duration recheck, Duration counterValidity, Duration longest) {
        boolean knownEnd = reason == ThrottleHoldReason.AFTER_429 || holdFor.compareTo(counterValidity) > 0;
        Duration wait = knownEnd || holdFor.compareTo(recheck) <= 0 ? holdFor : recheck;
        return wait.compareTo(longest) > 0 ? longest : wait;
    }

    /**
     * Reads the reply of {@code acquire.lua}.
     *
     * @param reply the reply
     * @return the grant
     */
    public static Grant of(List<Object> reply) {
        long first = (Long) reply.get(1);
        if ((Long) reply.get(0) == 1L) {
            return new Grant(Outcome.GRANTED, String.valueOf(reply.get(3)), first, (Long) reply.get(2), Duration.ZERO,
                ThrottleHoldReason.NONE);
        }
        ThrottleHoldReason reason = switch (String.valueOf(reply.get(2))) {
            case "R" -> ThrottleHoldReason.REQUESTS_AT_ZERO;
            case "T" -> ThrottleHoldReason.TOKENS_AT_ZERO;
            case "S" -> ThrottleHoldReason.SLOW_START;
            default -> ThrottleHoldReason.AFTER_429;
        };
        return new Grant(Outcome.HELD, "", 0, 0, Duration.ofMillis(Math.max(1, first)), reason);
    }
}
