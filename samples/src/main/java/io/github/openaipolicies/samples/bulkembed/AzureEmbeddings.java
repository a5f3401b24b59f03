// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.models.EmbeddingItem;
import com.azure.ai.openai.models.EmbeddingsOptions;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;

/** {@link EmbeddingsBackend} on azure-ai-openai's {@code OpenAIAsyncClient} (BulkEmbed's default client). */
public final class AzureEmbeddings implements EmbeddingsBackend {
    private final OpenAIAsyncClient client;
    private final String deployment;

    /**
     * Calls one deployment through a client.
     *
     * @param client the client, built with the pipeline policies
     * @param deployment the embeddings deployment
     */
    public AzureEmbeddings(OpenAIAsyncClient client, String deployment) {
        this.client = client;
        this.deployment = deployment;
    }

    @Override
    public Mono<Embedded> embed(List<String> inputs, Integer dimensions) {
        EmbeddingsOptions options = new EmbeddingsOptions(inputs).setDimensions(dimensions);
        return client.getEmbeddings(deployment, options).map(embeddings -> new Embedded(
            embeddings.getData().stream()
                .sorted(Comparator.comparingInt(EmbeddingItem::getPromptIndex))
                .map(EmbeddingItem::getEmbedding)
                .toList(),
            embeddings.getUsage() != null ? embeddings.getUsage().getPromptTokens() : 0));
    }
}
