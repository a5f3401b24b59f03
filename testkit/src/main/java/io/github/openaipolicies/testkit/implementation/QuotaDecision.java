package io.github.openaipolicies.testkit.implementation;

import java.time.Duration;

/**
 * The outcome of asking a deployment's quota to admit a request.
 *
 * @param admitted whether the request fits and was charged
 * @param exceeded which limit refused it (null when admitted)
 * @param retryAfter how long until it would fit (zero when admitted)
 * @param remainingRequests requests left in the request window after the decision
 * @param remainingTokens tokens left in the token window after the decision
 * @param requestLimit requests per request window, 0 when requests are unlimited
 * @param tokenLimit tokens per token window, 0 when tokens are unlimited
 * @param resetRequests how long until the oldest request charge leaves its window (zero when none is counted)
 * @param resetTokens how long until the oldest token charge leaves its window (zero when none is counted)
 */
public record QuotaDecision(boolean admitted, Limit exceeded, Duration retryAfter, int remainingRequests,
                            int remainingTokens, int requestLimit, int tokenLimit, Duration resetRequests,
                            Duration resetTokens) {

    /** The limit that refused a request. */
    public enum Limit {
        /** Requests per window ("call rate limit"). */
        REQUESTS,
        /** Tokens per window ("token rate limit"). */
        TOKENS
    }

    /**
     * Whether requests are limited (so {@code x-ratelimit-*-requests} headers mean something).
     *
     * @return true when limited
     */
    public boolean requestsLimited() {
        return requestLimit > 0;
    }

    /**
     * Whether tokens are limited.
     *
     * @return true when limited
     */
    public boolean tokensLimited() {
        return tokenLimit > 0;
    }

    /**
     * The share of the capacity in use, in percent: the larger of the used shares of the request and the token
     * limit (0 when neither is limited).
     *
     * @return from 0 to 100
     */
    public double utilizationPercent() {
        double requests = requestsLimited() ? 100.0 * (requestLimit - remainingRequests) / requestLimit : 0;
        double tokens = tokensLimited() ? 100.0 * (tokenLimit - remainingTokens) / tokenLimit : 0;
        return Math.max(requests, tokens);
    }

    /**
     * This decision with the token side taken from another one (used to join a request window and a token window).
     *
     * @param tokens the token window's decision
     * @return the joined decision
     */
    QuotaDecision withTokensOf(QuotaDecision tokens) {
        return new QuotaDecision(admitted, exceeded, retryAfter, remainingRequests, tokens.remainingTokens,
            requestLimit, tokens.tokenLimit, resetRequests, tokens.resetTokens);
    }

    /**
     * This decision as a refusal.
     *
     * @param limit the limit that refuses
     * @param wait how long until the request would fit
     * @return the refusal
     */
    QuotaDecision refusedBy(Limit limit, Duration wait) {
        return new QuotaDecision(false, limit, wait, remainingRequests, remainingTokens, requestLimit, tokenLimit,
            resetRequests, resetTokens);
    }
}
