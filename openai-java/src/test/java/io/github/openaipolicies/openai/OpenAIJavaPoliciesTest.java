// Licensed under the MIT License.
package io.github.openaipolicies.openai;

import com.openai.azure.AzureUrlPathMode;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.credential.BearerTokenCredential;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real openai-java client ({@code OpenAIOkHttpClient}) protected by {@link OpenAIJavaPolicies#install} against the
 * simulator, both Azure URL shapes, key and bearer credentials: what the simulator's journal saw.
 */
class OpenAIJavaPoliciesTest {
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    private final List<OpenAIClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(OpenAIClient::close);
    }

    private HttpClient simulatorTransport() {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        return OkHttpClient.builder().sslSocketFactory(simulator.sslContext().getSocketFactory())
            .trustManager(simulator.trustManager()).build();
    }

    private OpenAIClient installed(OpenAIOkHttpClient.Builder builder) {
        OpenAIClient client = OpenAIJavaPolicies.install(builder.build(),
            new OpenAIJavaPolicyOptions().setThrottleGate(ThrottleGate.create()), this::simulatorTransport);
        clients.add(client);
        return client;
    }

    private OpenAIOkHttpClient.Builder v1(com.openai.credential.Credential credential) {
        return OpenAIOkHttpClient.builder().baseUrl(SIMULATOR.simulator().endpoint() + "/openai/v1")
            .credential(credential);
    }

    private static EmbeddingCreateParams embed() {
        return EmbeddingCreateParams.builder().model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT).input("hello").build();
    }

    @Test
    void theOptionsMetricsSinkCountsTheAttemptsTheJournalSaw() {
        SIMULATOR.simulator().injectFault(Fault.tooManyRequests(Duration.ofMillis(50)), 1);
        RecordingSink sink = new RecordingSink();
        OpenAIClient client = OpenAIJavaPolicies.install(v1(AzureApiKeyCredential.create(
            AzureOpenAISimulator.DEFAULT_API_KEY)).build(), new OpenAIJavaPolicyOptions()
            .setThrottleGate(ThrottleGate.create()).setMetricsSink(sink), this::simulatorTransport);
        clients.add(client);

        client.embeddings().create(embed());

        List<JournalEntry> journal = SIMULATOR.simulator().journal().entries();
        Map<String, Object> key = Map.of("server.address", "localhost",
            "openai.deployment", AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
        assertThat(sink.sum("openai.pipeline.attempts", key)).isEqualTo(journal.size()).isEqualTo(2);
        assertThat(sink.sum("openai.pipeline.attempts", Map.of("status_class", "4xx", "retry", false)))
            .isEqualTo(journal.stream().filter(entry -> entry.status() == 429).count());
        assertThat(sink.sum("openai.pipeline.retries", Map.of("reason", "retryable_status"))).isEqualTo(1);
        assertThat(sink.values("openai.pipeline.gate.hold.duration", key)).hasSize(2);
    }

    @Test
    void aThrottledCallOnTheV1ShapeIsRetriedOnceWithOneApiKeyPerAttempt() {
        SIMULATOR.simulator().injectFault(Fault.tooManyRequests(Duration.ofMillis(50)), 1);

        installed(v1(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY))).embeddings()
            .create(embed());

        assertThat(SIMULATOR.simulator().journal().entries())
            .extracting(JournalEntry::status).containsExactly(429, 200);
        assertThat(SIMULATOR.simulator().journal().entries()).allSatisfy(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_EMBEDDINGS);
            assertThat(entry.apiKeyValueCount()).isEqualTo(1);
            assertThat(entry.authorizationValueCount()).isZero();
        });
    }

    @Test
    void theDeploymentsShapeAndABearerTokenWorkAsyncToo() {
        SIMULATOR.simulator().injectFault(Fault.tooManyRequests(Duration.ofMillis(50)), 1);
        OpenAIClient client = installed(OpenAIOkHttpClient.builder().baseUrl(SIMULATOR.simulator().endpoint())
            .azureUrlPathMode(AzureUrlPathMode.LEGACY)
            .credential(BearerTokenCredential.create(AzureOpenAISimulator.DEFAULT_BEARER_TOKEN)));

        assertThat(client.async().embeddings().create(embed()).join().data()).hasSize(1);

        assertThat(SIMULATOR.simulator().journal().entries()).extracting(JournalEntry::status)
            .containsExactly(429, 200);
        assertThat(SIMULATOR.simulator().journal().entries()).allSatisfy(entry -> {
            assertThat(entry.path()).startsWith("/openai/deployments/" + AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
            assertThat(entry.authorizationValueCount()).isEqualTo(1);
            assertThat(entry.apiKeyValueCount()).isZero();
        });
    }

    @Test
    void aStreamedChatArrivesWholeThroughTheWrapper() {
        OpenAIClient client = installed(v1(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY)));

        String text;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
            ChatCompletionCreateParams.builder().model(ChatModel.of(AzureOpenAISimulator.DEFAULT_DEPLOYMENT))
                .addUserMessage("hello").build())) {
            text = stream.stream().flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        }

        assertThat(text).isNotEmpty();
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_CHAT_COMPLETIONS));
    }

    @Test
    void aWrongKeyIsNotRetried() {
        OpenAIClient client = installed(v1(AzureApiKeyCredential.create("wrong-key")));

        assertThatThrownBy(() -> client.embeddings().create(embed()))
            .isInstanceOf(com.openai.errors.UnauthorizedException.class);
        assertThat(SIMULATOR.simulator().journal().entries()).extracting(JournalEntry::status).containsExactly(401);
    }

    @Test
    void installKeepsTheClientsOptionsAndOverTheDefaultTransportIsAnOkHttpClient() {
        OpenAIClient plain = v1(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY)).maxRetries(5)
            .build();
        clients.add(plain);

        OpenAIClient protectedClient = OpenAIJavaPolicies.install(plain);
        clients.add(protectedClient);

        assertThat(protectedClient).isNotSameAs(plain);
        assertThatThrownBy(() -> OpenAIJavaPolicies.install((OpenAIClient) null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("'client'");
        assertThatThrownBy(() -> OpenAIJavaPolicies.wrap(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'transport'");
    }

    @Test
    void invalidRetryOptionsAreRefusedWhenWrapping() {
        assertThatThrownBy(() -> OpenAIJavaPolicies.wrap(simulatorTransport(), new OpenAIJavaPolicyOptions()
            .setRetryOptions(new io.github.openaipolicies.retry.RetryAfterOptions().setMaxRetries(-1))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries");
    }
}
