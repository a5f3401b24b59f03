// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.openai.client.OpenAIClientAsync;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;

/**
 * {@link EmbeddingsBackend} on openai-java's {@code OpenAIClientAsync} ({@code --client openai-java}). The deployment
 * goes in the body's {@code model}, as the {@code /openai/v1} path shape wants.
 */
public final class OpenAIJavaEmbeddings implements EmbeddingsBackend {
    private final OpenAIClientAsync client;
    private final String deployment;

    /**
     * Calls one deployment through a client.
     *
     * @param client the client, protected by {@code OpenAIJavaPolicies}
     * @param deployment the embeddings deployment (the {@code model} of each request)
     */
    public OpenAIJavaEmbeddings(OpenAIClientAsync client, String deployment) {
        this.client = client;
        this.deployment = deployment;
    }

    @Override
    public Mono<Embedded> embed(List<String> inputs, Integer dimensions) {
        EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model(deployment)
            .inputOfArrayOfStrings(inputs);
        if (dimensions != null) {
            params.dimensions(dimensions.longValue());
        }
        EmbeddingCreateParams request = params.build();
        // fromFuture with a supplier: the call starts on subscription, and cancelling the Mono cancels the future
        // (which takes a waiting attempt out of the gate's queue)
        return Mono.fromFuture(() -> client.embeddings().create(request)).map(OpenAIJavaEmbeddings::embedded);
    }

    private static Embedded embedded(CreateEmbeddingResponse response) {
        return new Embedded(response.data().stream()
            .sorted(Comparator.comparingLong(Embedding::index))
            .map(Embedding::embedding)
            .toList(),
            response.usage().promptTokens());
    }
}
