// Licensed under the MIT License.
package io.github.openaipolicies.retry;

import io.github.openaipolicies.core.implementation.OptionChecks;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the Retry-After retry, whatever client runs it (azure-core's {@code RetryAfterPolicy}, the openai-java
 * adapter): how often to retry, how long to back off, and how long a server-requested delay and the whole call may
 * last.
 *
 * <p>Mutable and fluent, in the style of azure-core's options classes. Every setter validates its own argument and
 * throws at once with a message naming the option; the one rule that spans two options (the base delay must not
 * exceed the maximum backoff delay) is checked when a retry (a {@code RetryAfterPolicy}, an adapter) is built from
 * these options, so the setters may be called in any order. A retry copies the options when it is built: changing
 * them afterwards does not change it.</p>
 *
 * <p>Defaults:</p>
 * <ul>
 *     <li>{@link #getMaxRetries() maxRetries}: {@value #DEFAULT_MAX_RETRIES} (so at most 11 attempts);</li>
 *     <li>{@link #getBaseDelay() baseDelay}: 0.5 s, the first backoff delay, doubled on every retry;</li>
 *     <li>{@link #getMaxDelay() maxDelay}: 8 s, the cap on a backoff delay;</li>
 *     <li>{@link #getMaxRetryAfter() maxRetryAfter}: 60 s, the longest server-requested delay that is waited;</li>
 *     <li>{@link #getTimeout() timeout}: 3 min, measured from the start of the call; no wait that would end after
 *     it is started.</li>
 * </ul>
 */
public final class RetryAfterOptions {
    /** Default number of retries after the first attempt. */
    public static final int DEFAULT_MAX_RETRIES = 10;
    /** Default first backoff delay. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);
    /** Default cap on a backoff delay. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(8);
    /** Default longest server-requested delay ({@code Retry-After} and its variants) that is waited. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** Default overall time budget of a call, retries and waits included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration baseDelay = DEFAULT_BASE_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private Duration timeout = DEFAULT_TIMEOUT;

    /**
     * Creates options with the defaults listed in the class description.
     */
    public RetryAfterOptions() {
    }

    /**
     * Creates a copy of other options.
     *
     * @param other the options to copy
     * @throws NullPointerException if {@code other} is null
     */
    public RetryAfterOptions(RetryAfterOptions other) {
        Objects.requireNonNull(other, "'other' cannot be null.");
        this.maxRetries = other.maxRetries;
        this.baseDelay = other.baseDelay;
        this.maxDelay = other.maxDelay;
        this.maxRetryAfter = other.maxRetryAfter;
        this.timeout = other.timeout;
    }

    /**
     * The number of retries after the first attempt.
     *
     * @return the maximum number of retries, 0 or more
     */
    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * Sets the number of retries after the first attempt; 0 turns retrying off (the retry then logs its decisions
     * at VERBOSE only).
     *
     * @param maxRetries the maximum number of retries
     * @return these options
     * @throws IllegalArgumentException if {@code maxRetries} is negative
     */
    public RetryAfterOptions setMaxRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("'maxRetries' must be 0 or more, was " + maxRetries + ".");
        }
        this.maxRetries = maxRetries;
        return this;
    }

    /**
     * The first backoff delay, used when the server did not say how long to wait; retry {@code n} waits about
     * {@code baseDelay * 2^(n-1)}, capped by {@link #getMaxDelay()}.
     *
     * @return the base backoff delay
     */
    public Duration getBaseDelay() {
        return baseDelay;
    }

    /**
     * Sets the first backoff delay.
     *
     * @param baseDelay the base backoff delay, positive
     * @return these options
     * @throws NullPointerException if {@code baseDelay} is null
     * @throws IllegalArgumentException if {@code baseDelay} is zero or negative
     */
    public RetryAfterOptions setBaseDelay(Duration baseDelay) {
        this.baseDelay = OptionChecks.requirePositive(baseDelay, "baseDelay");
        return this;
    }

    /**
     * The cap on a backoff delay. It does not cap a server-requested delay: see {@link #getMaxRetryAfter()}.
     *
     * @return the maximum backoff delay
     */
    public Duration getMaxDelay() {
        return maxDelay;
    }

    /**
     * Sets the cap on a backoff delay; it must not be below {@link #getBaseDelay()} (checked when the retry is
     * built).
     *
     * @param maxDelay the maximum backoff delay, positive
     * @return these options
     * @throws NullPointerException if {@code maxDelay} is null
     * @throws IllegalArgumentException if {@code maxDelay} is zero or negative
     */
    public RetryAfterOptions setMaxDelay(Duration maxDelay) {
        this.maxDelay = OptionChecks.requirePositive(maxDelay, "maxDelay");
        return this;
    }

    /**
     * The longest server-requested delay ({@code retry-after-ms}, {@code x-ms-retry-after-ms} or
     * {@code Retry-After}) that is waited. A response asking for longer is returned at once, without a retry. A
     * response asking for no delay (zero, or an HTTP-date not in the future) is retried after the backoff delay.
     *
     * @return the maximum honoured server-requested delay
     */
    public Duration getMaxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * Sets the longest server-requested delay that is waited. Zero means: never wait for a server-requested delay
     * (a response asking for no delay at all is still retried, after the backoff delay).
     *
     * @param maxRetryAfter the maximum honoured server-requested delay, zero or positive
     * @return these options
     * @throws NullPointerException if {@code maxRetryAfter} is null
     * @throws IllegalArgumentException if {@code maxRetryAfter} is negative
     */
    public RetryAfterOptions setMaxRetryAfter(Duration maxRetryAfter) {
        Objects.requireNonNull(maxRetryAfter, "'maxRetryAfter' cannot be null.");
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("'maxRetryAfter' must be zero or positive, was " + maxRetryAfter + ".");
        }
        this.maxRetryAfter = maxRetryAfter;
        return this;
    }

    /**
     * The overall time budget of a call, measured from its start: a wait that would end after it is not started, and
     * the last response (or error) is returned instead. It does not interrupt an attempt in flight; that is the HTTP
     * client's own timeouts' job.
     *
     * @return the overall timeout
     */
    public Duration getTimeout() {
        return timeout;
    }

    /**
     * Sets the overall time budget of a call.
     *
     * @param timeout the overall timeout, positive
     * @return these options
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public RetryAfterOptions setTimeout(Duration timeout) {
        this.timeout = OptionChecks.requirePositive(timeout, "timeout");
        return this;
    }

    @Override
    public String toString() {
        return "RetryAfterOptions{maxRetries=" + maxRetries + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay
            + ", maxRetryAfter=" + maxRetryAfter + ", timeout=" + timeout + '}';
    }
}
