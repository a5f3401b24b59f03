// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.logging.ClientLogger;
import io.github.openaipolicies.DedupeAuthPolicy;
import io.github.openaipolicies.RequestLoggingOptions;
import io.github.openaipolicies.RequestLoggingPolicy;
import io.github.openaipolicies.RetryAfterOptions;
import io.github.openaipolicies.RetryAfterPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the policy list of an existing pipeline: one {@link RetryAfterPolicy} in place of azure-core's
 * {@link RetryPolicy} (first if there was none), {@link RequestLoggingPolicy} and {@link DedupeAuthPolicy} at the end.
 * Policies of this library already present are kept where they are and never doubled.
 */
public final class PipelineHardening {
    private static final ClientLogger LOGGER = new ClientLogger(PipelineHardening.class);

    private PipelineHardening() {
    }

    /**
     * The hardened policy list of {@code pipeline}.
     *
     * @param pipeline the pipeline to read
     * @param retryOptions options of a {@link RetryAfterPolicy} this method adds
     * @param loggingOptions options of a {@link RequestLoggingPolicy} this method adds
     * @return the new policy list, equal (same instances, same order) to the pipeline's when nothing was missing
     */
    public static List<HttpPipelinePolicy> hardenedPolicies(HttpPipeline pipeline, RetryAfterOptions retryOptions,
        RequestLoggingOptions loggingOptions) {
        List<HttpPipelinePolicy> original = policiesOf(pipeline);
        boolean retryPlaced = original.stream().anyMatch(RetryAfterPolicy.class::isInstance);
        List<HttpPipelinePolicy> policies = new ArrayList<>(original.size() + 3);
        int replaced = 0;
        for (HttpPipelinePolicy policy : original) {
            if (policy instanceof RetryPolicy) {
                // One retry layer only: the first stock RetryPolicy becomes ours, further ones are dropped.
                replaced++;
                if (!retryPlaced) {
                    policies.add(new RetryAfterPolicy(retryOptions));
                    retryPlaced = true;
                }
            } else {
                policies.add(policy);
            }
        }
        boolean retryAddedFirst = !retryPlaced;
        if (retryAddedFirst) {
            policies.add(0, new RetryAfterPolicy(retryOptions));
        }
        boolean loggingAdded = policies.stream().noneMatch(RequestLoggingPolicy.class::isInstance);
        if (loggingAdded) {
            policies.add(new RequestLoggingPolicy(loggingOptions));
        }
        boolean dedupeAdded = policies.stream().noneMatch(DedupeAuthPolicy.class::isInstance);
        if (dedupeAdded) {
            policies.add(new DedupeAuthPolicy());
        }
        LOGGER.atVerbose()
            .addKeyValue("retryPoliciesReplaced", replaced)
            .addKeyValue("retryAfterPolicyAddedFirst", retryAddedFirst)
            .addKeyValue("requestLoggingPolicyAdded", loggingAdded)
            .addKeyValue("dedupeAuthPolicyAdded", dedupeAdded)
            .log("Hardened an HttpPipeline.");
        return policies;
    }

    /**
     * Hardens {@code pipeline}: the same instance when it needs nothing, else a new pipeline with the same
     * {@code HttpClient}, the same {@code Tracer} and the {@link #hardenedPolicies hardened policy list}.
     *
     * @param pipeline the pipeline to harden
     * @param retryOptions options of a {@link RetryAfterPolicy} this method adds
     * @param loggingOptions options of a {@link RequestLoggingPolicy} this method adds
     * @return the hardened pipeline
     */
    public static HttpPipeline harden(HttpPipeline pipeline, RetryAfterOptions retryOptions,
        RequestLoggingOptions loggingOptions) {
        List<HttpPipelinePolicy> policies = hardenedPolicies(pipeline, retryOptions, loggingOptions);
        if (policies.equals(policiesOf(pipeline))) {
            return pipeline;
        }
        return new HttpPipelineBuilder()
            .httpClient(pipeline.getHttpClient())
            .tracer(pipeline.getTracer())
            .policies(policies.toArray(new HttpPipelinePolicy[0]))
            .build();
    }

    private static List<HttpPipelinePolicy> policiesOf(HttpPipeline pipeline) {
        List<HttpPipelinePolicy> policies = new ArrayList<>(pipeline.getPolicyCount());
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            policies.add(pipeline.getPolicy(i));
        }
        return policies;
    }
}
