package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.embeddingsOf;
import static io.github.openaipolicies.testkit.SimulatorClients.noRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.Embeddings;
import com.azure.core.credential.KeyCredential;
import com.azure.core.exception.ClientAuthenticationException;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The api.openai.com shape: {@code OpenAIClientBuilder} with a {@link KeyCredential} and no endpoint sends
 * {@code POST https://api.openai.com/v1/...} with {@code Authorization: Bearer}; the simulator's clients send that to
 * the simulator, which takes the deployment from the body's {@code model}.
 */
class OpenAIShapeTest {

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void embeddingsWithABearerTokenReachTheSimulator(HttpClientKind kind) {
        Embeddings embeddings = openAIClient(kind, AzureOpenAISimulator.DEFAULT_BEARER_TOKEN)
            .getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, embeddingsOf("hello"));

        assertThat(embeddings.getData()).singleElement()
            .satisfies(item -> assertThat(item.getEmbedding()).hasSize(AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS));
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.OPENAI_EMBEDDINGS);
            assertThat(entry.deployment()).isEqualTo(AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
            assertThat(entry.path()).startsWith("/v1/embeddings");
            assertThat(entry.authorizationValueCount()).isEqualTo(1);
            assertThat(entry.apiKeyValueCount()).isZero();
            assertThat(entry.status()).isEqualTo(200);
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void chatCompletionsWithABearerTokenReachTheSimulator(HttpClientKind kind) {
        int choices = openAIClient(kind, AzureOpenAISimulator.DEFAULT_BEARER_TOKEN)
            .getChatCompletions(AzureOpenAISimulator.DEFAULT_DEPLOYMENT,
                new ChatCompletionsOptions(List.of(new ChatRequestUserMessage("hi"))))
            .getChoices().size();

        assertThat(choices).isEqualTo(1);
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.operation()).isEqualTo(Operation.OPENAI_CHAT_COMPLETIONS));
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void aWrongBearerTokenIsRefused(HttpClientKind kind) {
        OpenAIClient client = openAIClient(kind, "not-the-token");

        assertThatThrownBy(() -> client.getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, embeddingsOf("hello")))
            .isInstanceOf(ClientAuthenticationException.class);
        assertThat(SIMULATOR.simulator().journal().count(401)).isEqualTo(1);
    }

    private static OpenAIClient openAIClient(HttpClientKind kind, String token) {
        return new OpenAIClientBuilder()
            .credential(new KeyCredential(token))
            .httpClient(SIMULATOR.simulator().httpClient(kind))
            .retryOptions(noRetries())
            .buildClient();
    }
}
