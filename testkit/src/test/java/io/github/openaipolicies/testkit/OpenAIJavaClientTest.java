package io.github.openaipolicies.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Sleeper;
import com.openai.core.http.StreamResponse;
import com.openai.credential.BearerTokenCredential;
import com.openai.credential.Credential;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.openaipolicies.testkit.implementation.EmbeddingGenerator;
import io.github.openaipolicies.testkit.implementation.ResponseBodies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real openai-java 4.105.0 client (its default OkHttp transport, over HTTPS) against the simulator's Azure v1 routes
 * ({@code baseUrl(endpoint + "/openai/v1")}, the deployment in {@code model}). Each client validates every response
 * it parses ({@code responseValidation(true)}), so a field openai-java requires and the simulator leaves out fails
 * here. No client sleeps: retries go through a {@link Sleeper} that only records the delays.
 */
class OpenAIJavaClientTest {

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    private final List<Duration> sleeps = new ArrayList<>();
    private final List<OpenAIClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(OpenAIClient::close);
    }

    @Test
    void embeddingsGoToTheV1RouteWithTheDeploymentAsModelAndDecodeToTheSimulatorsVector() {
        CreateEmbeddingResponse response = client(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY), 0)
            .embeddings().create(EmbeddingCreateParams.builder()
                .model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT)
                .input("hello")
                .build());

        assertThat(response.data()).singleElement().satisfies(item -> assertThat(item.embedding())
            .containsExactlyElementsOf(expectedVector("hello")));
        assertThat(response.model()).isEqualTo(AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_EMBEDDINGS);
            assertThat(entry.deployment()).isEqualTo(AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
            assertThat(entry.path()).isEqualTo("/openai/v1/embeddings");
            assertThat(entry.apiKeyValueCount()).isEqualTo(1);
            assertThat(entry.authorizationValueCount()).isZero();
            assertThat(entry.status()).isEqualTo(200);
            // openai-java asks for base64 unless told otherwise, and decodes it: the vector above went through that
            assertThat(entry.body()).contains("\"encoding_format\":\"base64\"");
        });
    }

    @Test
    void floatEmbeddingsAreTheSameVector() {
        CreateEmbeddingResponse response = client(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY), 0)
            .embeddings().create(EmbeddingCreateParams.builder()
                .model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT)
                .input("hello")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                .build());

        assertThat(response.data()).singleElement().satisfies(item -> assertThat(item.embedding())
            .containsExactlyElementsOf(expectedVector("hello")));
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.body()).contains("\"encoding_format\":\"float\""));
    }

    @Test
    void chatCompletionsGoToTheV1RouteWithABearerToken() {
        ChatCompletion completion = client(BearerTokenCredential.create(AzureOpenAISimulator.DEFAULT_BEARER_TOKEN), 0)
            .chat().completions().create(chat());

        assertThat(completion.choices()).singleElement()
            .satisfies(choice -> assertThat(choice.message().content()).hasValue(ResponseBodies.CHAT_REPLY));
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_CHAT_COMPLETIONS);
            assertThat(entry.deployment()).isEqualTo(AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
            assertThat(entry.path()).isEqualTo("/openai/v1/chat/completions");
            assertThat(entry.authorizationValueCount()).isEqualTo(1);
            assertThat(entry.apiKeyValueCount()).isZero();
            assertThat(entry.status()).isEqualTo(200);
        });
    }

    @Test
    void aStreamedChatCompletionArrivesWordByWord() {
        // Without openai-java's response validation (its default): Azure's first event, prompt_filter_results with
        // no choice, has "object": "", which a validating client refuses.
        OpenAIClient client = client(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY), 0)
            .withOptions(options -> options.responseValidation(false));

        String text;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat())) {
            text = stream.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse(""))
                .collect(Collectors.joining());
        }

        assertThat(text).isEqualTo(ResponseBodies.CHAT_REPLY);
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_CHAT_COMPLETIONS));
    }

    @Test
    void openAIJavaRetriesA429AndTheJournalRecordsBothAttempts() {
        SIMULATOR.simulator().injectFault(Fault.tooManyRequests(Duration.ofSeconds(3)), 1);

        CreateEmbeddingResponse response = client(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY), 2)
            .embeddings().create(EmbeddingCreateParams.builder()
                .model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT)
                .input("hello")
                .build());

        assertThat(response.data()).hasSize(1);
        assertThat(SIMULATOR.simulator().journal().entries())
            .extracting(JournalEntry::status, JournalEntry::operation, JournalEntry::deployment)
            .containsExactly(
                tuple(429, Operation.AZURE_V1_EMBEDDINGS, AzureOpenAISimulator.DEFAULT_DEPLOYMENT),
                tuple(200, Operation.AZURE_V1_EMBEDDINGS, AzureOpenAISimulator.DEFAULT_DEPLOYMENT));
        // openai-java waited what the 429 asked (retry-after-ms: 3000), through the recording sleeper
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void openAIJavaWaitsAtMostEightSecondsWhateverThe429Announces() {
        SIMULATOR.simulator().injectFault(Fault.tooManyRequests(Duration.ofSeconds(30)), 1);

        client(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY), 2).embeddings()
            .create(EmbeddingCreateParams.builder().model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT).input("a").build());

        // what the docs say of openai-java: a 30 s delay is retried after 8 s (against Azure, into another 429)
        assertThat(sleeps).containsExactly(Duration.ofSeconds(8));
        assertThat(SIMULATOR.simulator().journal().entries()).extracting(JournalEntry::status).containsExactly(429, 200);
    }

    @Test
    void aThrottledCallWithoutRetriesIsARateLimitException() {
        SIMULATOR.simulator().injectFault(Fault.tooManyRequests(Duration.ofSeconds(3)), 1);
        OpenAIClient client = client(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY), 0);

        assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder()
            .model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT)
            .input("hello")
            .build()))
            .isInstanceOf(RateLimitException.class);
        assertThat(SIMULATOR.simulator().journal().count(429)).isEqualTo(1);
    }

    @Test
    void anUnknownDeploymentIsNotFound() {
        OpenAIClient client = client(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY), 0);

        assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder()
            .model("no-such-deployment")
            .input("hello")
            .build()))
            .isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.code()).hasValue("DeploymentNotFound"));
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.deployment()).isEqualTo("no-such-deployment"));
    }

    private static ChatCompletionCreateParams chat() {
        return ChatCompletionCreateParams.builder()
            .model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT)
            .addUserMessage("hi")
            .build();
    }

    private static List<Float> expectedVector(String input) {
        float[] vector = EmbeddingGenerator.embed(input, AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS);
        List<Float> values = new ArrayList<>();
        for (float value : vector) {
            values.add(value);
        }
        return values;
    }

    private OpenAIClient client(Credential credential, int maxRetries) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClient client = OpenAIOkHttpClient.builder()
            .baseUrl(simulator.endpoint() + "/openai/v1")
            .credential(credential)
            .sslSocketFactory(simulator.sslContext().getSocketFactory())
            .trustManager(simulator.trustManager())
            .maxRetries(maxRetries)
            .responseValidation(true)
            .sleeper(new RecordingSleeper())
            .build();
        clients.add(client);
        return client;
    }

    /** Records each delay openai-java asks for and returns at once. */
    private final class RecordingSleeper implements Sleeper {
        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
        }

        @Override
        public CompletableFuture<Void> sleepAsync(Duration duration) {
            sleeps.add(duration);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }
}
