// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.LogLevel;

/**
 * Why {@link RetryDecider} decided as it did, and the level the decision is logged at (each adapter maps the
 * neutral {@link LogLevel} to its logging).
 *
 * <p>Levels: a retry is INFO; a stop that ends the call in failure because retrying cannot or may no longer help
 * (quota gone, retries exhausted, a delay above the cap or past the timeout, an unfixable error) is WARNING; a stop
 * that is simply the answer (a status or error that is not retried, retries turned off) is VERBOSE.</p>
 */
public enum RetryReason {
    /** Retry: the status is one that is retried (408, 429, 500, 502, 503, 504). */
    RETRYABLE_STATUS("retryable status", true, LogLevel.INFORMATIONAL),
    /** Retry: the response said {@code x-should-retry: true}. */
    SERVER_REQUESTED_RETRY("x-should-retry: true", true, LogLevel.INFORMATIONAL),
    /** Retry: the attempt failed with an I/O error or a timeout. */
    RETRYABLE_ERROR("I/O error or timeout", true, LogLevel.INFORMATIONAL),
    /** Stop: the status is not retried. */
    NOT_RETRYABLE_STATUS("status not retried", false, LogLevel.VERBOSE),
    /** Stop: the response said {@code x-should-retry: false}. */
    SERVER_REFUSED_RETRY("x-should-retry: false", false, LogLevel.VERBOSE),
    /** Stop: a 429 whose error code is {@code insufficient_quota}; retrying cannot help. */
    INSUFFICIENT_QUOTA("insufficient_quota", false, LogLevel.WARNING),
    /** Stop: the error is neither an I/O error nor a timeout. */
    NOT_RETRYABLE_ERROR("error not retried", false, LogLevel.VERBOSE),
    /** Stop: a certificate, TLS handshake, unknown-host or malformed-URL error ({@link RetryableErrors}). */
    UNFIXABLE_ERROR("certificate, TLS handshake, unknown host or malformed URL: a retry cannot fix it", false,
        LogLevel.WARNING),
    /** Stop: retrying is turned off ({@code maxRetries} is 0), so the first answer is the answer. */
    RETRIES_OFF("retries turned off (maxRetries 0)", false, LogLevel.VERBOSE),
    /** Stop: every retry has been used. */
    RETRIES_EXHAUSTED("retries exhausted", false, LogLevel.WARNING),
    /** Stop: the server asked for a delay above the maximum honoured {@code Retry-After}. */
    RETRY_AFTER_ABOVE_MAX("requested delay above maxRetryAfter", false, LogLevel.WARNING),
    /** Stop: the wait would end after the overall timeout. */
    TIMEOUT_BUDGET_EXCEEDED("wait would end after the overall timeout", false, LogLevel.WARNING);

    private final String description;
    private final boolean retry;
    private final LogLevel logLevel;

    RetryReason(String description, boolean retry, LogLevel logLevel) {
        this.description = description;
        this.retry = retry;
        this.logLevel = logLevel;
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

    /**
     * The level a decision for this reason is logged at.
     *
     * @return the log level
     */
    public LogLevel logLevel() {
        return logLevel;
    }
}
