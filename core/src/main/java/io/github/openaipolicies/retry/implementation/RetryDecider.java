// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.retry.RetryAfterOptions;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Decides, after each attempt, whether to retry and how long to wait. Written once, free of I/O and of any HTTP client,
 * shared by the async and sync paths of every adapter (azure-core's {@code RetryAfterPolicy}, the openai-java
 * adapter), which read the headers through a {@link HeaderLookup}.
 *
 * <p>Rules, in order, for a response:</p>
 * <ol>
 *     <li>A success or redirect (below 400) is never retried, whatever its headers.</li>
 *     <li>{@code x-should-retry: false} stops; {@code x-should-retry: true} retries any error status (and skips
 *     the quota check); other values are ignored.</li>
 *     <li>Otherwise only 408, 429, 500, 502, 503 and 504 are retried.</li>
 *     <li>With {@code maxRetries} 0, stop (retries off); after {@code maxRetries} retries, stop (exhausted).</li>
 *     <li>A 429 whose error code is {@code insufficient_quota} stops (the caller reads that code from the body only
 *     when {@link #needsErrorCode} says so).</li>
 *     <li>A positive server-requested delay ({@link RetryAfterHeaders}) is waited, padded by {@link Jitter} but never
 *     past {@code maxRetryAfter} nor the overall timeout, unless it is itself above {@code maxRetryAfter} or would end
 *     after the overall timeout: then stop.</li>
 *     <li>Without one, or when the server asks for no delay at all ({@code Retry-After: 0}, {@code retry-after-ms: 0},
 *     an HTTP-date that is not in the future), the {@link Backoff} delay is waited, unless it would end after the
 *     overall timeout. So a server that answers "retry at once" cannot make every retry go out back to back.</li>
 * </ol>
 * <p>For an error: only {@link RetryableErrors.Kind#TRANSIENT} errors are retried, then the retry count and the
 * backoff rule apply.</p>
 */
public final class RetryDecider {
    /** {@code x-should-retry}, the server's own verdict on retrying. */
    public static final String X_SHOULD_RETRY = "x-should-retry";

    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    private final RetryLimits limits;
    private final DoubleSupplier random;

    /**
     * Creates a decider.
     *
     * @param limits the limits to decide by
     * @param random source of numbers in [0, 1) for jitter
     */
    public RetryDecider(RetryLimits limits, DoubleSupplier random) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A decider for retry options, in one line for an adapter.
     *
     * @param options the retry options, read once ({@link RetryLimits#of})
     * @param random source of numbers in [0, 1) for jitter
     * @return the decider
     * @throws NullPointerException if {@code options} or {@code random} is null
     * @throws IllegalArgumentException if the options are inconsistent (base delay above the maximum delay)
     */
    public static RetryDecider of(RetryAfterOptions options, DoubleSupplier random) {
        return new RetryDecider(RetryLimits.of(options), random);
    }

    /**
     * The limits this decider decides by.
     *
     * @return the limits
     */
    public RetryLimits limits() {
        return limits;
    }

    /**
     * Whether {@link #onResponse} will look at the body's error code: only for a 429 without {@code x-should-retry}
     * while retries remain. Only then should the caller buffer and read the body.
     *
     * @param status the status code
     * @param headers the response headers
     * @param attempt the attempt that produced the response, 1 for the first
     * @return true when the error code is needed
     */
    public boolean needsErrorCode(int status, HeaderLookup headers, int attempt) {
        return status == 429 && shouldRetryHeader(headers).isEmpty() && attempt <= limits.maxRetries();
    }

    /**
     * Whether the decider reads any header of a response with this status ({@link #needsErrorCode},
     * {@link #onResponse}): only of an error answer, 400 and above. For any other an adapter may pass
     * {@link HeaderLookup#NONE} and spare every successful attempt a view of its headers.
     *
     * @param status the status code
     * @return true for 400 and above
     */
    public static boolean readsHeaders(int status) {
        return status >= 400;
    }

    /**
     * Decides after a response.
     *
     * @param status the status code
     * @param headers the response headers
     * @param errorCode the body's error code, or null when unknown or not read
     * @param attempt the attempt that produced the response, 1 for the first
     * @param start when the call started
     * @param now the current time
     * @return the decision
     */
    public RetryDecision onResponse(int status, HeaderLookup headers, String errorCode, int attempt, Instant start,
        Instant now) {
        return onResponse(status, headers, errorCode, attempt, start, now, now);
    }

    /**
     * Decides after a response, reading an HTTP-date {@code Retry-After} against the wall clock while the call's
     * budget runs on another (monotonic) clock.
     *
     * @param status the status code
     * @param headers the response headers
     * @param errorCode the body's error code, or null when unknown or not read
     * @param attempt the attempt that produced the response, 1 for the first
     * @param start when the call started, on the budget's clock
     * @param now the current time, on the budget's clock
     * @param wallNow the current wall-clock time, for an HTTP-date
     * @return the decision
     */
    public RetryDecision onResponse(int status, HeaderLookup headers, String errorCode, int attempt, Instant start,
        Instant now, Instant wallNow) {
        if (!readsHeaders(status)) {
            return RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS);
        }
        Optional<Boolean> serverVerdict = shouldRetryHeader(headers);
        if (serverVerdict.isPresent() && !serverVerdict.get()) {
            return RetryDecision.stop(RetryReason.SERVER_REFUSED_RETRY);
        }
        if (serverVerdict.isEmpty() && !RETRYABLE_STATUSES.contains(status)) {
            return RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS);
        }
        RetryDecision noRetryLeft = noRetryLeft(attempt);
        if (noRetryLeft != null) {
            return noRetryLeft;
        }
        if (serverVerdict.isEmpty() && status == 429 && OpenAIErrorCode.INSUFFICIENT_QUOTA.equals(errorCode)) {
            return RetryDecision.stop(RetryReason.INSUFFICIENT_QUOTA);
        }
        RetryReason reason = serverVerdict.isPresent()
            ? RetryReason.SERVER_REQUESTED_RETRY : RetryReason.RETRYABLE_STATUS;
        Duration remaining = limits.remaining(start, now);
        Optional<ServerDelay> serverDelay = RetryAfterHeaders.parse(headers, wallNow.atOffset(ZoneOffset.UTC))
            .filter(delay -> !delay.delay().isZero());
        if (serverDelay.isPresent()) {
            return waitForServer(reason, serverDelay.get(), remaining);
        }
        return waitBackoff(reason, attempt, remaining);
    }

    /**
     * Decides after an attempt failed with an error.
     *
     * @param error the error
     * @param attempt the attempt that failed, 1 for the first
     * @param start when the call started
     * @param now the current time
     * @return the decision
     */
    public RetryDecision onError(Throwable error, int attempt, Instant start, Instant now) {
        switch (RetryableErrors.classify(error)) {
            case UNFIXABLE:
                return RetryDecision.stop(RetryReason.UNFIXABLE_ERROR);
            case OTHER:
                return RetryDecision.stop(RetryReason.NOT_RETRYABLE_ERROR);
            default:
                break;
        }
        RetryDecision noRetryLeft = noRetryLeft(attempt);
        if (noRetryLeft != null) {
            return noRetryLeft;
        }
        return waitBackoff(RetryReason.RETRYABLE_ERROR, attempt, limits.remaining(start, now));
    }

    private RetryDecision noRetryLeft(int attempt) {
        if (limits.maxRetries() == 0) {
            return RetryDecision.stop(RetryReason.RETRIES_OFF);
        }
        return attempt > limits.maxRetries() ? RetryDecision.stop(RetryReason.RETRIES_EXHAUSTED) : null;
    }

    private RetryDecision waitForServer(RetryReason reason, ServerDelay serverDelay, Duration remaining) {
        Duration requested = serverDelay.delay();
        if (requested.compareTo(limits.maxRetryAfter()) > 0) {
            return RetryDecision.stop(RetryReason.RETRY_AFTER_ABOVE_MAX, serverDelay.header(), requested,
                limits.maxRetryAfter());
        }
        if (requested.compareTo(remaining) > 0) {
            return RetryDecision.stop(RetryReason.TIMEOUT_BUDGET_EXCEEDED, serverDelay.header(), requested,
                remaining);
        }
        Duration padded = Jitter.pad(requested, random.getAsDouble());
        Duration ceiling = remaining.compareTo(limits.maxRetryAfter()) < 0 ? remaining : limits.maxRetryAfter();
        Duration delay = padded.compareTo(ceiling) > 0 ? ceiling : padded;
        return RetryDecision.retry(reason, delay, serverDelay.header(), requested);
    }

    private RetryDecision waitBackoff(RetryReason reason, int attempt, Duration remaining) {
        Duration delay = Backoff.delay(attempt, limits.baseDelay(), limits.maxDelay(), random.getAsDouble());
        if (delay.compareTo(remaining) > 0) {
            return RetryDecision.stop(RetryReason.TIMEOUT_BUDGET_EXCEEDED, RetryDecision.BACKOFF, delay, remaining);
        }
        return RetryDecision.retry(reason, delay, RetryDecision.BACKOFF, delay);
    }

    private static Optional<Boolean> shouldRetryHeader(HeaderLookup headers) {
        String value = headers.value(X_SHOULD_RETRY);
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if ("true".equalsIgnoreCase(trimmed)) {
            return Optional.of(Boolean.TRUE);
        }
        if ("false".equalsIgnoreCase(trimmed)) {
            return Optional.of(Boolean.FALSE);
        }
        return Optional.empty();
    }
}
