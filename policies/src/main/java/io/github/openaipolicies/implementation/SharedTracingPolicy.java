// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * Lets a second pipeline use the tracing policy of another one without touching it. {@code HttpPipelineBuilder.build()}
 * re-initializes every azure-core {@code InstrumentationPolicy} it is given (new tracer, URL sanitizer with the default
 * query allow-list), which would change the pipeline that owns the instance while its calls are running. This wrapper
 * is not an {@code InstrumentationPolicy}, so the builder leaves it alone, and the wrapped instance keeps the tracer and
 * allow-list its own pipeline gave it.
 */
public final class SharedTracingPolicy implements HttpPipelinePolicy {
    /** Class name of azure-core's tracing policy; its package is not exported, so it is matched by name. */
    static final String INSTRUMENTATION_POLICY = "com.azure.core.implementation.http.policy.InstrumentationPolicy";

    private final HttpPipelinePolicy tracing;

    private SharedTracingPolicy(HttpPipelinePolicy tracing) {
        this.tracing = tracing;
    }

    /**
     * The policy to put into a new pipeline in place of {@code policy}: a wrapper for azure-core's tracing policy (or
     * a subclass of it), {@code policy} itself otherwise.
     *
     * @param policy a policy of an existing pipeline
     * @return the policy to hand to {@code HttpPipelineBuilder}
     */
    public static HttpPipelinePolicy shareable(HttpPipelinePolicy policy) {
        Objects.requireNonNull(policy, "'policy' cannot be null.");
        return isInstrumentationPolicy(policy.getClass()) ? new SharedTracingPolicy(policy) : policy;
    }

    /**
     * The wrapped tracing policy.
     *
     * @return the policy of the original pipeline
     */
    public HttpPipelinePolicy getTracingPolicy() {
        return tracing;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return tracing.process(context, next);
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return tracing.processSync(context, next);
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return tracing.getPipelinePosition();
    }

    private static boolean isInstrumentationPolicy(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (INSTRUMENTATION_POLICY.equals(c.getName())) {
                return true;
            }
        }
        return false;
    }
}
