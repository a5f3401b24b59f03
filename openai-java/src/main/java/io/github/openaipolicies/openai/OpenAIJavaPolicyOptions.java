// Licensed under the MIT License.
package io.github.openaipolicies.openai;

import io.github.openaipolicies.core.AdapterPolicyOptions;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.retry.RetryAfterOptions;

/**
 * What {@link OpenAIJavaPolicies} gives every call: the retry ({@link RetryAfterOptions}), the throttle gate
 * ({@link ThrottleGate#shared()} by default; null for none), the attempt log line ({@link AttemptLoggingOptions})
 * and where the metrics go ({@link PipelineMetricsSink}, none by default). The options are copied when a client is
 * wrapped: changing them later changes no client.
 *
 * <pre>{@code
 * OpenAIJavaPolicyOptions options = new OpenAIJavaPolicyOptions()
 *     .setRetryOptions(new RetryAfterOptions().setMaxRetries(10))
 *     .setThrottleGate(RedisThrottleGate.create(redisOptions));
 * }</pre>
 */
public final class OpenAIJavaPolicyOptions extends AdapterPolicyOptions<OpenAIJavaPolicyOptions> {
    /** Creates the defaults: default retry, the JVM-wide gate, attempt lines at INFO and WARN, no metrics. */
    public OpenAIJavaPolicyOptions() {
    }

    /**
     * Copies other options (the retry and logging options are copied too; the gate and the metrics sink are
     * shared).
     *
     * @param other the options to copy
     * @throws NullPointerException if {@code other} is null
     */
    public OpenAIJavaPolicyOptions(OpenAIJavaPolicyOptions other) {
        super(other);
    }
}
