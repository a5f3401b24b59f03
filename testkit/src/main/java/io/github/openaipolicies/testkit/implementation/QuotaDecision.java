package io.github.openaipolicies.testkit.implementation;

import java.time.Duration;

/**
 * The outcome of asking a {@link QuotaWindow} to admit a request.
 *
 * @param admitted whether the request fits and was charged
 * @param exceeded which limit refused it (null when admitted)
 * @param retryAfter how long until it would fit (zero when admitted)
 * @param remainingRequests requests left in the window after the decision
 * @param remainingTokens tokens left in the window after the decision
 */
public record QuotaDecision(boolean admitted, Limit exceeded, Duration retryAfter, int remainingRequests,
                            int remainingTokens) {

    /** The limit that refused a request. */
    public enum Limit {
        /** Requests per window ("call rate limit"). */
        REQUESTS,
        /** Tokens per window ("token rate limit"). */
        TOKENS
    }

    static QuotaDecision admitted(int remainingRequests, int remainingTokens) {
        return new QuotaDecision(true, null, Duration.ZERO, remainingRequests, remainingTokens);
    }

    static QuotaDecision refused(Limit limit, Duration retryAfter, int remainingRequests, int remainingTokens) {
        return new QuotaDecision(false, limit, retryAfter, remainingRequests, remainingTokens);
    }
}
