// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.logging.ClientLogger;
import io.github.openaipolicies.DedupeAuthPolicy;
import io.github.openaipolicies.RequestLoggingOptions;
import io.github.openaipolicies.RequestLoggingPolicy;
import io.github.openaipolicies.RetryAfterPolicy;
import io.github.openaipolicies.ThrottleGatePolicy;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.retry.RetryAfterOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the policy list of an existing pipeline: one {@link RetryAfterPolicy} in place of azure-core's
 * {@link RetryPolicy} (else after the request-id and user-agent policies, else first), a {@link ThrottleGatePolicy}
 * right after it, {@link RequestLoggingPolicy} and {@link DedupeAuthPolicy} at the end. Policies of this library
 * already present stay where they are; one is replaced by a new one only when options for it (or a gate) were given.
 * The original pipeline is never changed.
 */
public final class PipelineHardening {
    private static final ClientLogger LOGGER = new ClientLogger(PipelineHardening.class);

    private PipelineHardening() {
    }

    /**
     * What to do about the {@link ThrottleGatePolicy}.
     *
     * @param replace false: keep the gate policies found, add one on {@link ThrottleGate#shared()} when there is
     * none; true: use {@code gate} instead of any found (in the same place), add one when there is none
     * @param gate the gate when {@code replace}; null removes every gate policy
     */
    public record GateChoice(boolean replace, ThrottleGate gate) {
        /** Keeps a gate policy found; adds one on {@link ThrottleGate#shared()} when there is none. */
        public static final GateChoice KEEP = new GateChoice(false, null);

        /**
         * Puts {@code gate} in, replacing any gate policy found.
         *
         * @param gate the gate, or null for no gate policy at all
         * @return the choice
         */
        public static GateChoice use(ThrottleGate gate) {
            return new GateChoice(true, gate);
        }
    }

    /**
     * The hardened policy list of {@code pipeline}.
     *
     * @param pipeline the pipeline to read
     * @param retryOptions options of the {@link RetryAfterPolicy}: null keeps an existing one (and adds one with
     * default options where there is none); non-null replaces an existing one
     * @param loggingOptions options of the {@link RequestLoggingPolicy}, with the same meaning of null
     * @param gate what to do about the {@link ThrottleGatePolicy}
     * @param metricsOptions the metrics options of every policy this adds or replaces; null for the defaults
     * @return the new policy list, equal (same instances, same order) to the pipeline's when nothing changed
     */
    public static List<HttpPipelinePolicy> hardenedPolicies(HttpPipeline pipeline, RetryAfterOptions retryOptions,
        RequestLoggingOptions loggingOptions, GateChoice gate, MetricsOptions metricsOptions) {
        List<HttpPipelinePolicy> policies = new ArrayList<>(pipeline.getPolicyCount() + 4);
        int stockRetrySlot = -1;
        int removed = 0;
        int replaced = 0;
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            HttpPipelinePolicy policy = pipeline.getPolicy(i);
            if (policy instanceof RetryPolicy) {
                // One retry layer only: the first stock RetryPolicy's slot is ours, all of them go.
                stockRetrySlot = stockRetrySlot < 0 ? policies.size() : stockRetrySlot;
                removed++;
            } else if (policy instanceof RetryAfterPolicy && retryOptions != null) {
                policies.add(new RetryAfterPolicy(retryOptions, metricsOptions));
                replaced++;
            } else if (policy instanceof RequestLoggingPolicy && loggingOptions != null) {
                policies.add(new RequestLoggingPolicy(loggingOptions));
                replaced++;
            } else if (policy instanceof ThrottleGatePolicy && gate.replace()) {
                if (gate.gate() != null) {
                    policies.add(new ThrottleGatePolicy(gate.gate(), metricsOptions));
                }
                replaced++;
            } else {
                policies.add(policy);
            }
        }
        boolean retryAdded = policies.stream().noneMatch(RetryAfterPolicy.class::isInstance);
        if (retryAdded) {
            int slot = stockRetrySlot >= 0 ? stockRetrySlot : afterRequestIdAndUserAgent(policies);
            policies.add(slot, new RetryAfterPolicy(retryOptions != null ? retryOptions : new RetryAfterOptions(),
                metricsOptions));
        }
        boolean gateAdded = (!gate.replace() || gate.gate() != null)
            && policies.stream().noneMatch(ThrottleGatePolicy.class::isInstance);
        if (gateAdded) {
            int slot = indexOf(policies, RetryAfterPolicy.class) + 1;
            policies.add(slot, new ThrottleGatePolicy(gate.replace() ? gate.gate() : ThrottleGate.shared(),
                metricsOptions));
        }
        boolean loggingAdded = policies.stream().noneMatch(RequestLoggingPolicy.class::isInstance);
        if (loggingAdded) {
            policies.add(new RequestLoggingPolicy(loggingOptions != null ? loggingOptions
                : new RequestLoggingOptions()));
        }
        boolean dedupeAdded = policies.stream().noneMatch(DedupeAuthPolicy.class::isInstance);
        if (dedupeAdded) {
            policies.add(new DedupeAuthPolicy(metricsOptions));
        }
        LOGGER.atVerbose()
            .addKeyValue("retryPoliciesRemoved", removed)
            .addKeyValue("policiesReplaced", replaced)
            .addKeyValue("retryAfterPolicyAdded", retryAdded)
            .addKeyValue("throttleGatePolicyAdded", gateAdded)
            .addKeyValue("requestLoggingPolicyAdded", loggingAdded)
            .addKeyValue("dedupeAuthPolicyAdded", dedupeAdded)
            .log("Hardened an HttpPipeline.");
        return policies;
    }

    /**
     * Hardens {@code pipeline}: the same instance when it needs nothing, else a new pipeline with the same
     * {@code HttpClient}, the same {@code Tracer} and the {@link #hardenedPolicies hardened policy list}, in which
     * azure-core's tracing policy is {@linkplain SharedTracingPolicy shared}, so {@code pipeline} stays as it was.
     *
     * @param pipeline the pipeline to harden
     * @param retryOptions see {@link #hardenedPolicies}
     * @param loggingOptions see {@link #hardenedPolicies}
     * @param gate see {@link #hardenedPolicies}
     * @param metricsOptions see {@link #hardenedPolicies}
     * @return the hardened pipeline
     */
    public static HttpPipeline harden(HttpPipeline pipeline, RetryAfterOptions retryOptions,
        RequestLoggingOptions loggingOptions, GateChoice gate, MetricsOptions metricsOptions) {
        List<HttpPipelinePolicy> policies = hardenedPolicies(pipeline, retryOptions, loggingOptions, gate,
            metricsOptions);
        if (policies.equals(policiesOf(pipeline))) {
            return pipeline;
        }
        return new HttpPipelineBuilder()
            .httpClient(pipeline.getHttpClient())
            .tracer(pipeline.getTracer())
            .policies(policies.stream().map(SharedTracingPolicy::shareable).toArray(HttpPipelinePolicy[]::new))
            .build();
    }

    /**
     * Where a retry goes in a pipeline that has none: after the last request-id or user-agent policy, so that every
     * attempt of a call carries the same {@code x-ms-client-request-id}, as under azure-core's own retry; first when
     * there is neither.
     */
    private static int afterRequestIdAndUserAgent(List<HttpPipelinePolicy> policies) {
        int slot = 0;
        for (int i = 0; i < policies.size(); i++) {
            HttpPipelinePolicy policy = policies.get(i);
            if (policy instanceof RequestIdPolicy || policy instanceof UserAgentPolicy) {
                slot = i + 1;
            }
        }
        return slot;
    }

    /** The index of the first policy of {@code type}; there is one. */
    private static int indexOf(List<HttpPipelinePolicy> policies, Class<?> type) {
        for (int i = 0; i < policies.size(); i++) {
            if (type.isInstance(policies.get(i))) {
                return i;
            }
        }
        throw new IllegalStateException("No " + type.getSimpleName() + " in the pipeline.");
    }

    private static List<HttpPipelinePolicy> policiesOf(HttpPipeline pipeline) {
        List<HttpPipelinePolicy> policies = new ArrayList<>(pipeline.getPolicyCount());
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            policies.add(pipeline.getPolicy(i));
        }
        return policies;
    }
}
