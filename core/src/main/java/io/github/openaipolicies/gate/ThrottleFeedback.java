// Licensed under the MIT License.
package io.github.openaipolicies.gate;

import java.time.Duration;

/**
 * What one attempt learned about its quota, reported to the {@link ThrottleGate} that admitted it.
 *
 * <p>Every value other than the outcome is a hint read from the response and may be null when the response did not
 * carry it or carried something unusable. A gate treats all of them as hints: it ignores values that make no
 * sense.</p>
 *
 * <p>It is built and reported on the I/O thread that received the answer, before the caller sees the response (see
 * {@link ThrottleGate#report}). {@link #abandoned()} reports an admission that taught nothing: it gives back its slot
 * and cost, and is also what a gate records for an admission it takes back itself (cancel racing delivery, or a
 * lease run out).</p>
 *
 * @param status the HTTP status, or 0 when the attempt ended without a response (error or cancellation)
 * @param retryAfter the delay the server asked for ({@code retry-after-ms}, {@code x-ms-retry-after-ms},
 * {@code Retry-After}), or null
 * @param remainingRequests {@code x-ratelimit-remaining-requests}, or null
 * @param remainingTokens {@code x-ratelimit-remaining-tokens}, or null
 * @param resetRequests {@code x-ratelimit-reset-requests}: when the request counter resets, from now, or null
 * @param resetTokens {@code x-ratelimit-reset-tokens}: when the token counter resets, from now, or null
 * @param error the error the attempt ended with, or null
 */
public record ThrottleFeedback(int status, Duration retryAfter, Long remainingRequests, Long remainingTokens,
    Duration resetRequests, Duration resetTokens, Throwable error) {

    private static final ThrottleFeedback ABANDONED = new ThrottleFeedback(0, null, null, null, null, null, null);

    /**
     * Feedback from a response.
     *
     * @param status the HTTP status
     * @param retryAfter the requested delay, or null
     * @param remainingRequests the remaining requests, or null
     * @param remainingTokens the remaining tokens, or null
     * @param resetRequests time until the request counter resets, or null
     * @param resetTokens time until the token counter resets, or null
     * @return the feedback
     */
    public static ThrottleFeedback response(int status, Duration retryAfter, Long remainingRequests,
        Long remainingTokens, Duration resetRequests, Duration resetTokens) {
        return new ThrottleFeedback(status, retryAfter, remainingRequests, remainingTokens, resetRequests,
            resetTokens, null);
    }

    /**
     * Feedback from an attempt that ended with an error and no response.
     *
     * @param error the error
     * @return the feedback
     */
    public static ThrottleFeedback error(Throwable error) {
        return new ThrottleFeedback(0, null, null, null, null, null, error);
    }

    /**
     * Feedback from an attempt that was cancelled, or admitted but never sent: nothing was learned.
     *
     * @return the feedback
     */
    public static ThrottleFeedback abandoned() {
        return ABANDONED;
    }

    /**
     * Whether the server refused the attempt for its rate limit.
     *
     * @return true for status 429
     */
    public boolean isThrottled() {
        return status == 429;
    }
}
