// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import reactor.core.publisher.Mono;

import java.util.List;

/**
 * One embeddings call through the client BulkEmbed was told to use ({@code --client}): azure-ai-openai's
 * {@code OpenAIAsyncClient} ({@link AzureEmbeddings}) or openai-java's {@code OpenAIClientAsync}
 * ({@link OpenAIJavaEmbeddings}), each with the policies of this project in it.
 */
public interface EmbeddingsBackend {
    /**
     * Embeds some inputs in one call (the client's retries included). Nothing is sent until the result is
     * subscribed to; cancelling the subscription cancels the call.
     *
     * @param inputs the texts, in order
     * @param dimensions the vector length to ask for, or null for the model's default
     * @return the vectors, or the error the call ended with (after its retries)
     */
    Mono<Embedded> embed(List<String> inputs, Integer dimensions);

    /**
     * What a call returned.
     *
     * @param vectors one vector per input, in the inputs' order (as many as the service returned)
     * @param promptTokens the tokens the service counted, or 0 when it did not say
     */
    record Embedded(List<List<Float>> vectors, long promptTokens) {
    }
}
