// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import java.time.Duration;
import java.util.Objects;

/**
 * What to do after an attempt: retry after {@link #delay()}, or stop and hand the response (or error) to the caller.
 *
 * @param reason why; {@link RetryReason#isRetry()} tells whether to retry
 * @param delay the wait before the next attempt; zero when stopping
 * @param delaySource where the delay came from: a header name, {@code "backoff"}; null when not computed
 * @param requestedDelay the delay the server or the backoff asked for before any jitter; null when not computed
 * @param limit the limit a stop was measured against (maxRetryAfter or the remaining budget); null otherwise
 */
public record RetryDecision(RetryReason reason, Duration delay, String delaySource, Duration requestedDelay,
    Duration limit) {
    /** The {@link #delaySource()} of a computed backoff delay. */
    public static final String BACKOFF = "backoff";

    /**
     * Checks the fields.
     *
     * @param reason why
     * @param delay the wait before the next attempt
     * @param delaySource where the delay came from
     * @param requestedDelay the delay before jitter
     * @param limit the limit a stop was measured against
     */
    public RetryDecision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(delay, "delay");
    }

    /**
     * A decision to retry.
     *
     * @param reason why, a retry reason
     * @param delay the wait before the next attempt
     * @param delaySource where the delay came from
     * @param requestedDelay the delay before jitter
     * @return the decision
     */
    public static RetryDecision retry(RetryReason reason, Duration delay, String delaySource,
        Duration requestedDelay) {
        return new RetryDecision(reason, delay, delaySource, requestedDelay, null);
    }

    /**
     * A decision to stop for a reason that involves no delay.
     *
     * @param reason why
     * @return the decision
     */
    public static RetryDecision stop(RetryReason reason) {
        return new RetryDecision(reason, Duration.ZERO, null, null, null);
    }

    /**
     * A decision to stop because a delay exceeds a limit.
     *
     * @param reason why
     * @param delaySource where the refused delay came from
     * @param requestedDelay the refused delay
     * @param limit the limit it exceeds
     * @return the decision
     */
    public static RetryDecision stop(RetryReason reason, String delaySource, Duration requestedDelay,
        Duration limit) {
        return new RetryDecision(reason, Duration.ZERO, delaySource, requestedDelay, limit);
    }

    /**
     * Whether to retry.
     *
     * @return true to retry after {@link #delay()}
     */
    public boolean shouldRetry() {
        return reason.isRetry();
    }
}
