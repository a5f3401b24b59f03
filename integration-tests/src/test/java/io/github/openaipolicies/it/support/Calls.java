// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Makes the call of one matrix case through a real {@code OpenAIClient} or {@code OpenAIAsyncClient}.
 */
public final class Calls {
    /** The deployment (Azure) or model (api.openai.com shape) every case calls. */
    public static final String DEPLOYMENT = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;
    /** The text every case sends. */
    public static final String INPUT = "Throttling is normal; losing the import to a 401 is not.";

    private static final Duration ASYNC_BLOCK_LIMIT = ClientWiring.CALL_TIMEOUT.plusSeconds(10);

    private Calls() {
    }

    /**
     * Builds the client and makes the call; checks the answer is a real one.
     *
     * @param builder the configured client builder
     * @param mode sync or async client
     * @param api the operation
     * @throws RuntimeException whatever the client throws, e.g. {@code HttpResponseException}
     */
    public static void invoke(OpenAIClientBuilder builder, ClientMode mode, Api api) {
        switch (api) {
            case EMBEDDINGS -> {
                EmbeddingsOptions options = new EmbeddingsOptions(List.of(INPUT));
                Embeddings embeddings = mode == ClientMode.SYNC
                    ? builder.buildClient().getEmbeddings(DEPLOYMENT, options)
                    : builder.buildAsyncClient().getEmbeddings(DEPLOYMENT, options).block(ASYNC_BLOCK_LIMIT);
                assertThat(embeddings).isNotNull();
                assertThat(embeddings.getData()).hasSize(1);
                assertThat(embeddings.getData().get(0).getEmbedding()).isNotEmpty();
            }
            case CHAT_COMPLETIONS -> {
                ChatCompletionsOptions options = new ChatCompletionsOptions(List.of(new ChatRequestUserMessage(INPUT)));
                ChatCompletions chat = mode == ClientMode.SYNC
                    ? builder.buildClient().getChatCompletions(DEPLOYMENT, options)
                    : builder.buildAsyncClient().getChatCompletions(DEPLOYMENT, options).block(ASYNC_BLOCK_LIMIT);
                assertThat(chat).isNotNull();
                assertThat(chat.getChoices()).isNotEmpty();
                assertThat(chat.getChoices().get(0).getMessage().getContent()).isNotBlank();
            }
        }
    }
}
