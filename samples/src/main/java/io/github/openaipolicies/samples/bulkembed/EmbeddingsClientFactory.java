// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.retry.RetryAfterOptions;

/**
 * Builds BulkEmbed's client: the standard {@code OpenAIClientBuilder} pointed at a {@link Target}, with an
 * {@link AttemptCountingPolicy} and then {@link OpenAIPipelines#install} (which must come after every
 * {@code addPolicy}), whose metrics go to a {@link GateHoldRecorder}.
 */
public final class EmbeddingsClientFactory {
    private EmbeddingsClientFactory() {
    }

    /**
     * Builds the client with the JVM-wide throttle gate.
     *
     * @param target where to send calls
     * @param stats where the attempt counter counts, and the gate's holds go
     * @param maxRetries retries per call after the first try
     * @return the client
     */
    public static OpenAIAsyncClient build(Target target, RunStats stats, int maxRetries) {
        return build(target, stats, maxRetries, ThrottleGate.shared());
    }

    /**
     * Builds the client.
     *
     * @param target where to send calls
     * @param stats where the attempt counter counts, and the gate's holds go
     * @param maxRetries retries per call after the first try
     * @param gate the throttle gate every attempt asks
     * @return the client
     */
    public static OpenAIAsyncClient build(Target target, RunStats stats, int maxRetries, ThrottleGate gate) {
        OpenAIClientBuilder builder = target.connect(new OpenAIClientBuilder())
            .addPolicy(new AttemptCountingPolicy(stats));
        OpenAIPipelineOptions options = new OpenAIPipelineOptions()
            .setRetryOptions(new RetryAfterOptions().setMaxRetries(maxRetries))
            .setThrottleGate(gate)
            .setMetricsOptions(new GateHoldRecorder(stats).options());
        return OpenAIPipelines.install(builder, options).buildAsyncClient();
    }
}
