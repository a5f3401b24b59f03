// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * Skeleton: logs one structured line per attempt.
 */
public final class RequestLoggingPolicy implements HttpPipelinePolicy {
    private final RequestLoggingOptions options;

    /** Logs with the default {@link RequestLoggingOptions}. */
    public RequestLoggingPolicy() {
        this(new RequestLoggingOptions());
    }

    /**
     * Logs with the given options.
     *
     * @param options the options
     */
    public RequestLoggingPolicy(RequestLoggingOptions options) {
        this.options = Objects.requireNonNull(options, "'options' cannot be null.");
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return next.processSync();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }
}
