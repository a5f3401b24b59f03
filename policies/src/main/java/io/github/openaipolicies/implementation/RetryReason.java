// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

/**
 * Why {@link RetryDecider} decided as it did; logged with every decision.
 */
public enum RetryReason {
    /** Retry: the status is one that is retried (408, 429, 500, 502, 503, 504). */
    RETRYABLE_STATUS("retryable status", true),
    /** Retry: the response said {@code x-should-retry: true}. */
    SERVER_REQUESTED_RETRY("x-should-retry: true", true),
    /** Retry: the attempt failed with an I/O error or a timeout. */
    RETRYABLE_ERROR("I/O error or timeout", true),
    /** Stop: the status is not retried. */
    NOT_RETRYABLE_STATUS("status not retried", false),
    /** Stop: the response said {@code x-should-retry: false}. */
    SERVER_REFUSED_RETRY("x-should-retry: false", false),
    /** Stop: a 429 whose error code is {@code insufficient_quota}; retrying cannot help. */
    INSUFFICIENT_QUOTA("insufficient_quota", false),
    /** Stop: the error is neither an I/O error nor a timeout. */
    NOT_RETRYABLE_ERROR("error not retried", false),
    /** Stop: every retry has been used. */
    RETRIES_EXHAUSTED("retries exhausted", false),
    /** Stop: the server asked for a delay above the maximum honoured {@code Retry-After}. */
    RETRY_AFTER_ABOVE_MAX("requested delay above maxRetryAfter", false),
    /** Stop: the wait would end after the overall timeout. */
    TIMEOUT_BUDGET_EXCEEDED("wait would end after the overall timeout", false);

    private final String description;
    private final boolean retry;

    RetryReason(String description, boolean retry) {
        this.description = description;
        this.retry = retry;
    }

    /**
     * A short human-readable description, as logged.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Whether this reason leads to a retry.
     *
     * @return true for a retry reason
     */
    public boolean isRetry() {
        return retry;
    }
}
