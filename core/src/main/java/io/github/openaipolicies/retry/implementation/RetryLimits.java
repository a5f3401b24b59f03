// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.retry.RetryAfterOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The numbers {@link RetryDecider} decides by, taken from {@link RetryAfterOptions} ({@link #of}).
 *
 * <p>Every duration is clamped to {@link #LONGEST} so that no delay computed from it can overflow a
 * {@link Duration} in nanoseconds (as a scheduler's delay needs); nobody waits that long in practice.</p>
 *
 * @param maxRetries the number of retries after the first attempt, 0 or more
 * @param baseDelay the first backoff delay
 * @param maxDelay the cap on a backoff delay
 * @param maxRetryAfter the longest server-requested delay that is waited
 * @param timeout the overall budget of a call, from its start
 */
public record RetryLimits(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
    Duration timeout) {
    /** The longest duration the decider works with: 10,000 days. */
    public static final Duration LONGEST = Duration.ofDays(10_000);

    /**
     * Validates and clamps the values.
     *
     * @param maxRetries the number of retries after the first attempt, 0 or more
     * @param baseDelay the first backoff delay
     * @param maxDelay the cap on a backoff delay
     * @param maxRetryAfter the longest server-requested delay that is waited
     * @param timeout the overall budget of a call, from its start
     */
    public RetryLimits {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("'maxRetries' must be 0 or more, was " + maxRetries + ".");
        }
        baseDelay = clamp(Objects.requireNonNull(baseDelay, "'baseDelay' cannot be null."));
        maxDelay = clamp(Objects.requireNonNull(maxDelay, "'maxDelay' cannot be null."));
        maxRetryAfter = clamp(Objects.requireNonNull(maxRetryAfter, "'maxRetryAfter' cannot be null."));
        timeout = clamp(Objects.requireNonNull(timeout, "'timeout' cannot be null."));
    }

    /**
     * The limits of retry options, checking the rule that spans two of them. Reads the options once: changing them
     * afterwards does not change the limits.
     *
     * @param options the retry options
     * @return the limits
     * @throws NullPointerException if {@code options} is null
     * @throws IllegalArgumentException if {@code baseDelay} exceeds {@code maxDelay}
     */
    public static RetryLimits of(RetryAfterOptions options) {
        Objects.requireNonNull(options, "'options' cannot be null.");
        Duration baseDelay = options.getBaseDelay();
        Duration maxDelay = options.getMaxDelay();
        if (baseDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("'baseDelay' (" + baseDelay + ") must not exceed 'maxDelay' ("
                + maxDelay + ").");
        }
        return new RetryLimits(options.getMaxRetries(), baseDelay, maxDelay, options.getMaxRetryAfter(),
            options.getTimeout());
    }

    /**
     * When a call that started at {@code start} must be over: {@code start + timeout}. The one place the deadline is
     * computed; an adapter records it for the call's per-attempt steps ({@link CallBudget}).
     *
     * @param start when the call started
     * @return the call's deadline
     */
    public Instant deadline(Instant start) {
        return start.plus(timeout);
    }

    /**
     * How much of the call's budget is left at {@code now}: the time until {@link #deadline}, never more than the
     * whole {@code timeout} (a clock that went back counts as no time elapsed) and negative once past the deadline.
     *
     * @param start when the call started
     * @param now the current time
     * @return the remaining budget
     */
    public Duration remaining(Instant start, Instant now) {
        Duration untilDeadline = Duration.between(now, deadline(start));
        return untilDeadline.compareTo(timeout) > 0 ? timeout : untilDeadline;
    }

    private static Duration clamp(Duration value) {
        if (value.isNegative()) {
            return Duration.ZERO;
        }
        return value.compareTo(LONGEST) > 0 ? LONGEST : value;
    }
}
