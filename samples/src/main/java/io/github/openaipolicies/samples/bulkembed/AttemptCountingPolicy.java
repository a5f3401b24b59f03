// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

/**
 * Counts every HTTP attempt and its status into {@link RunStats}. Added {@link HttpPipelinePosition#PER_RETRY}, it
 * sits after the retry policy and so sees each try, including the 429s the retry policy absorbs.
 */
public final class AttemptCountingPolicy implements HttpPipelinePolicy {
    private final RunStats stats;

    /**
     * Creates the policy.
     *
     * @param stats where to count
     */
    public AttemptCountingPolicy(RunStats stats) {
        this.stats = stats;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process()
            .doOnNext(response -> stats.attempt(response.getStatusCode()))
            .doOnError(error -> stats.attempt(0));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        try {
            HttpResponse response = next.processSync();
            stats.attempt(response.getStatusCode());
            return response;
        } catch (RuntimeException e) {
            stats.attempt(0);
            throw e;
        }
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }
}
