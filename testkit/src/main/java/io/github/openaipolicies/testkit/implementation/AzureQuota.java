package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.Quota;

import java.time.Instant;

/**
 * Azure OpenAI's quota model: requests over a 10 s sliding window, estimated tokens over a 60 s sliding window. A
 * request is admitted only when it fits both; only then are both charged. When both refuse, the longer wait is
 * reported. Thread-safe.
 */
final class AzureQuota implements DeploymentQuota {
    private final QuotaWindow requests;
    private final QuotaWindow tokens;

    AzureQuota(int requestsPerTenSeconds, int tokensPerMinute) {
        this.requests = new QuotaWindow(new DeploymentLimits(requestsPerTenSeconds, 0), Quota.AZURE_REQUEST_WINDOW);
        this.tokens = new QuotaWindow(new DeploymentLimits(0, tokensPerMinute), Quota.AZURE_TOKEN_WINDOW);
    }

    @Override
    public synchronized QuotaDecision tryAcquire(Instant now, int estimatedTokens) {
        QuotaDecision byRequests = requests.evaluate(now, estimatedTokens);
        QuotaDecision byTokens = tokens.evaluate(now, estimatedTokens);
        if (byRequests.admitted() && byTokens.admitted()) {
            return requests.tryAcquire(now, estimatedTokens).withTokensOf(tokens.tryAcquire(now, estimatedTokens));
        }
        QuotaDecision joined = byRequests.withTokensOf(byTokens);
        boolean tokensDecide = !byTokens.admitted()
            && (byRequests.admitted() || byTokens.retryAfter().compareTo(byRequests.retryAfter()) > 0);
        return tokensDecide ? joined.refusedBy(QuotaDecision.Limit.TOKENS, byTokens.retryAfter())
            : joined.refusedBy(QuotaDecision.Limit.REQUESTS, byRequests.retryAfter());
    }

    @Override
    public synchronized QuotaDecision peek(Instant now) {
        return requests.peek(now).withTokensOf(tokens.peek(now));
    }

    @Override
    public synchronized void reset() {
        requests.reset();
        tokens.reset();
    }
}
