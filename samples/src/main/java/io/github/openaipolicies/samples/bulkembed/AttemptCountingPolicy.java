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
 * sits after the retry policy and so sees each try, including the 429s the retry policy absorbs. The call context is
 * the same object for every try of a call, so a mark left in it tells a retry from a first try.
 */
public final class AttemptCountingPolicy implements HttpPipelinePolicy {
    private static final String SEEN_KEY = AttemptCountingPolicy.class.getName() + ".seen";

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
        boolean retry = markSeen(context);
        return next.process()
            .doOnNext(response -> stats.attempt(response.getStatusCode(), retry))
            .doOnError(error -> stats.attempt(0, retry));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        boolean retry = markSeen(context);
        try {
            HttpResponse response = next.processSync();
            stats.attempt(response.getStatusCode(), retry);
            return response;
        } catch (RuntimeException e) {
            stats.attempt(0, retry);
            throw e;
        }
    }

    private static boolean markSeen(HttpPipelineCallContext context) {
        boolean seen = context.getData(SEEN_KEY).isPresent();
        context.setData(SEEN_KEY, Boolean.TRUE);
        return seen;
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }
}
