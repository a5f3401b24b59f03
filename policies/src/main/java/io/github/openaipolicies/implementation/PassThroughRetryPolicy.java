// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.RetryPolicy;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Stands in the slot of a builder's stock {@link RetryPolicy} and does nothing: one try, no copy of the request, no
 * log line. azure-core's {@code RetryPolicy} with zero retries would still log "Retry attempts have been exhausted."
 * on every response (and at ERROR on every I/O error), even when {@code RetryAfterPolicy} above it then retries the
 * call with success.
 */
public final class PassThroughRetryPolicy extends RetryPolicy {
    /** Creates the policy. */
    public PassThroughRetryPolicy() {
        super(new FixedDelay(0, Duration.ZERO));
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return next.processSync();
    }
}
