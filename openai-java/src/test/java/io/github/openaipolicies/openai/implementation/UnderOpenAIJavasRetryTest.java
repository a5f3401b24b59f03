// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.Sleeper;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.openaipolicies.gate.RecordingGate;
import io.github.openaipolicies.openai.RetriesExhaustedException;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wrapper under a real openai-java client, whose own retry (2 retries by default) sits above it: no attempt is
 * retried twice. Without the {@code x-should-retry: false} mark and the exception openai-java does not retry, these
 * counts would be three times as large.
 */
class UnderOpenAIJavasRetryTest {
    final ScriptedTransport transport = new ScriptedTransport();
    final TestTime time = new TestTime();
    final List<Duration> openAIJavaSleeps = Collections.synchronizedList(new ArrayList<>());
    OpenAIClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    OpenAIClient client(int ourMaxRetries) {
        PolicyHttpClient wrapped = PolicyHttpClient.wrap(transport, new CallSettings(
            RetryDecider.of(new RetryAfterOptions().setMaxRetries(ourMaxRetries), () -> 0.5), new RecordingGate(),
            AttemptObserver.NONE, time, time, time, time));
        client = new OpenAIClientImpl(ClientOptions.builder()
            .httpClient(wrapped)
            .baseUrl("https://contoso.openai.azure.com/openai/v1")
            .credential(AzureApiKeyCredential.create("key"))
            .sleeper(new RecordingSleeper())
            .build());
        return client;
    }

    static EmbeddingCreateParams embed() {
        return EmbeddingCreateParams.builder().model("emb").input("hello").build();
    }

    @Test
    void aThrottledCallIsTriedOnlyAsOftenAsThePoliciesSay() {
        transport.thenEach(() -> CannedResponse.of(429, "retry-after-ms", "0"));

        assertThatThrownBy(() -> client(3).embeddings().create(embed())).isInstanceOf(RateLimitException.class);

        assertThat(transport.requests()).hasSize(4);
        assertThat(openAIJavaSleeps).isEmpty();
    }

    @Test
    void anAsyncThrottledCallIsTriedOnlyAsOftenAsThePoliciesSay() {
        transport.thenEach(() -> CannedResponse.of(429, "retry-after-ms", "0"));

        CompletableFuture<?> call = client(3).async().embeddings().create(embed());

        assertThatThrownBy(call::join).hasCauseInstanceOf(RateLimitException.class);
        assertThat(transport.requests()).hasSize(4);
        assertThat(openAIJavaSleeps).isEmpty();
    }

    @Test
    void aCallThatKeepsFailingWithIoErrorsIsTriedOnlyAsOftenAsThePoliciesSay() {
        transport.thenFail(new OpenAIIoException("Request failed", new IOException("reset")));

        assertThatThrownBy(() -> client(3).embeddings().create(embed()))
            .isInstanceOf(RetriesExhaustedException.class);

        assertThat(transport.requests()).hasSize(4);
        assertThat(openAIJavaSleeps).isEmpty();
    }

    @Test
    void everyAttemptCarriesOneApiKey() {
        transport.thenEach(() -> CannedResponse.of(429, "retry-after-ms", "0"));

        assertThatThrownBy(() -> client(2).embeddings().create(embed())).isInstanceOf(RateLimitException.class);

        assertThat(transport.requests()).hasSize(3)
            .allSatisfy(request -> assertThat(request.headers().values("api-key")).containsExactly("key"));
    }

    /** openai-java's sleeper: records what its own retry would wait, and never waits. */
    private final class RecordingSleeper implements Sleeper {
        @Override
        public void sleep(Duration duration) {
            openAIJavaSleeps.add(duration);
        }

        @Override
        public CompletableFuture<Void> sleepAsync(Duration duration) {
            openAIJavaSleeps.add(duration);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }
}
