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
 * Retries throttled and failed calls, honouring the server's {@code Retry-After} within caps.
 *
 * <p>Work in progress: the retry behaviour is being implemented; for now the policy passes calls through.</p>
 */
public final class RetryAfterPolicy implements HttpPipelinePolicy {
    private final RetryAfterOptions options;

    /**
     * Creates the policy with default {@link RetryAfterOptions}.
     */
    public RetryAfterPolicy() {
        this(new RetryAfterOptions());
    }

    /**
     * Creates the policy with the given options, copied: changing {@code options} later does not change this policy.
     *
     * @param options the retry options
     * @throws NullPointerException if {@code options} is null
     * @throws IllegalArgumentException if the options are inconsistent (base delay above the maximum delay)
     */
    public RetryAfterPolicy(RetryAfterOptions options) {
        Objects.requireNonNull(options, "'options' cannot be null.");
        this.options = new RetryAfterOptions(options);
        this.options.validate();
    }

    /**
     * Runs once per call, in front of the per-retry policies, so every attempt passes through them.
     *
     * @return {@link HttpPipelinePosition#PER_CALL}
     */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
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
