// Licensed under the MIT License.
package io.github.openaipolicies.redis.implementation;

import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.implementation.KeyLedger;

import java.time.Duration;

/**
 * The arguments of {@code observe.lua} for one attempt's feedback, with the in-memory gate's rules applied on the
 * client: a 429's hold is {@link KeyLedger#holdDelay} (its delay, else its reset hint, -1 when neither is usable); a
 * counter that is negative or absurdly large and a reset that is not positive or too long travel as -1 (unknown); a
 * counter at zero without a reset hint is believed for the counter validity divided by
 * {@link KeyLedger#ZERO_RECHECK_DIVISOR}.
 */
public final class Observation {
    private Observation() {
    }

    /**
     * The script arguments.
     *
     * @param grant the grant answered
     * @param cost the attempt's estimated tokens
     * @param feedback the feedback
     * @param options the gate options (max retry-after, counter validity)
     * @param idleExpiry the key's idle expiry
     * @return ARGV for {@code observe.lua}
     */
    public static String[] args(Grant grant, long cost, ThrottleFeedback feedback,
        ThrottleGateOptions options, Duration idleExpiry) {
        Duration hold = feedback.isThrottled() ? KeyLedger.holdDelay(feedback, cost, options.getMaxRetryAfter()) : null;
        return new String[] {
            Long.toString(grant.sequence()),
            Long.toString(grant.grantedCost()),
            feedback.isThrottled() ? "1" : "0",
            Long.toString(hold == null ? -1 : hold.toMillis()),
            Long.toString(counter(feedback.remainingRequests())),
            Long.toString(counter(feedback.remainingTokens())),
            Long.toString(resetMillis(feedback.resetRequests())),
            Long.toString(resetMillis(feedback.resetTokens())),
            Long.toString(options.getCounterValidity().toMillis()),
            Long.toString(idleExpiry.toMillis()),
            Long.toString(cost),
            Long.toString(zeroRecheck(options).toMillis()),
            grant.generation(),
            feedback.status() >= 200 && feedback.status() < 300 ? "1" : "0"
        };
    }

    /**
     * How long a counter at zero without a reset hint is believed: the counter validity divided by
     * {@link KeyLedger#ZERO_RECHECK_DIVISOR}, as in the in-memory gate.
     *
     * @param options the gate options
     * @return the recheck interval
     */
    public static Duration zeroRecheck(ThrottleGateOptions options) {
        return options.getCounterValidity().dividedBy(KeyLedger.ZERO_RECHECK_DIVISOR);
    }

    /**
     * The longest a hold read from Redis lasts for a reader: its own {@code maxRetryAfter}, or its counter validity
     * when that is longer (a 429 without a usable delay holds for the counter validity, whoever reads it). A worker
     * with a longer {@code maxRetryAfter} may have written a longer hold; this reader does not wait it out.
     *
     * @param options the reader's gate options
     * @return the longest hold
     */
    public static Duration longestHold(ThrottleGateOptions options) {
        Duration maxRetryAfter = options.getMaxRetryAfter();
        Duration validity = options.getCounterValidity();
        return maxRetryAfter.compareTo(validity) >= 0 ? maxRetryAfter : validity;
    }

    private static long counter(Long value) {
        return value == null || value < 0 || value > KeyLedger.MAX_PLAUSIBLE_COUNTER ? -1 : value;
    }

    private static long resetMillis(Duration reset) {
        return reset == null || reset.isNegative() || reset.isZero()
            || reset.compareTo(KeyLedger.MAX_PLAUSIBLE_RESET) > 0 ? -1 : reset.toMillis();
    }
}
