// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.RetryAfterOptions;

/**
 * Builds BulkEmbed's client: the standard {@code OpenAIClientBuilder} pointed at a {@link Target}, with an
 * {@link AttemptCountingPolicy} and then {@link OpenAIPipelines#install} (which must come after every
 * {@code addPolicy}).
 */
public final class EmbeddingsClientFactory {
    private EmbeddingsClientFactory() {
    }

    /**
     * Builds the client.
     *
     * @param target where to send calls
     * @param stats where the attempt counter counts
     * @param maxRetries retries per call after the first try
     * @return the client
     */
    public static OpenAIAsyncClient build(Target target, RunStats stats, int maxRetries) {
        OpenAIClientBuilder builder = target.connect(new OpenAIClientBuilder())
            .addPolicy(new AttemptCountingPolicy(stats));
        return OpenAIPipelines.install(builder, new RetryAfterOptions().setMaxRetries(maxRetries)).buildAsyncClient();
    }
}
