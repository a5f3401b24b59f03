// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.OpenAIClientAsyncImpl;
import com.openai.core.ClientOptions;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.openai.OpenAIJavaPolicies;
import io.github.openaipolicies.openai.OpenAIJavaPolicyOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;

/**
 * Builds BulkEmbed's openai-java client ({@code --client openai-java}): an {@code OpenAIClientAsync} on the target's
 * {@code /openai/v1} URL, its transport counted by an {@link AttemptCountingTransport} and protected by
 * {@link OpenAIJavaPolicies#wrap}, the gate's holds going to a {@link HoldRecordingGate}. openai-java's own retry is
 * left as it is: the wrapper makes it harmless.
 */
public final class OpenAIJavaClientFactory {
    private OpenAIJavaClientFactory() {
    }

    /**
     * Builds the client; close it after the run (that closes its transport).
     *
     * @param target where to send calls
     * @param stats where the attempt counter counts, and the gate's holds go
     * @param maxRetries retries per call after the first try
     * @param gate the throttle gate every attempt asks
     * @return the client
     */
    public static OpenAIClientAsync build(Target target, RunStats stats, int maxRetries, ThrottleGate gate) {
        OpenAIJavaPolicyOptions options = new OpenAIJavaPolicyOptions()
            .setRetryOptions(new RetryAfterOptions().setMaxRetries(maxRetries))
            .setThrottleGate(new HoldRecordingGate(gate, stats));
        return new OpenAIClientAsyncImpl(ClientOptions.builder()
            .httpClient(OpenAIJavaPolicies.wrap(new AttemptCountingTransport(target.openAIJavaTransport(), stats),
                options))
            .baseUrl(target.openAIJavaBaseUrl())
            .credential(target.openAIJavaCredential())
            .build());
    }
}
