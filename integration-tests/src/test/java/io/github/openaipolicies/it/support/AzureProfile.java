// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Deployment;

/**
 * The simulator every integration test starts from: {@link Calls#DEPLOYMENT} under Azure's quota profile (requests
 * per 10 s, tokens per 60 s, the {@code x-ratelimit-remaining-*} headers Azure sends). Its quota is ample: a test
 * that wants a 429 injects one, because waiting out a real 10 s request window per scenario would make the suite
 * slow; the quota's own throttling is exercised by {@code ConcurrentEmbeddingsUnderRequestLimitTest}.
 */
public final class AzureProfile {
    /**
     * 1,000,000 tokens per minute: 6,000 requests per minute, 1,000 per 10 s, far above what one test sends (the
     * extension resets the quota before each test).
     */
    public static final int AMPLE_TOKENS_PER_MINUTE = 1_000_000;

    private AzureProfile() {
    }

    /**
     * A simulator builder serving {@link Calls#DEPLOYMENT} (embeddings and chat) with the ample Azure quota.
     *
     * @return the builder
     */
    public static AzureOpenAISimulator.Builder simulator() {
        return AzureOpenAISimulator.builder()
            .deployment(Deployment.of(Calls.DEPLOYMENT).withTokensPerMinute(AMPLE_TOKENS_PER_MINUTE));
    }
}
