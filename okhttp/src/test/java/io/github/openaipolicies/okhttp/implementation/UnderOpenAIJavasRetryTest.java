// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.Sleeper;
import com.openai.core.http.HttpClient;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.openaipolicies.gate.RecordingGate;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.QueueDispatcher;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The interceptor under a real openai-java client over OkHttp, whose own retry (2 retries by default, left on)
 * sits above it, as in Spring AI 2.0: no attempt is ever sent twice. openai-java's waits are recorded, not waited.
 */
class UnderOpenAIJavasRetryTest {
    static final String EMBEDDING = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
        + "\"embedding\":[0.5]}],\"model\":\"emb\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}";

    final MockWebServer server = new MockWebServer();
    final TestTime time = new TestTime();
    final RecordingGate gate = new RecordingGate();
    final List<Duration> openAIJavaSleeps = Collections.synchronizedList(new ArrayList<>());
    OpenAIClient client;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        server.shutdown();
    }

    @BeforeEach
    void failFast() {
        ((QueueDispatcher) server.getDispatcher()).setFailFast(true);
    }

    private CallSettings settings(int ourMaxRetries) {
        return new CallSettings(RetryDecider.of(new RetryAfterOptions().setMaxRetries(ourMaxRetries), () -> 0.0),
            gate, AttemptObserver.NONE, PipelineInstruments.of(CallHarness.none()), time, time, time);
    }

    /** openai-java's own OkHttp transport, built as users build it, with the interceptor added. */
    private OpenAIClient throughItsBuilder(int ourMaxRetries) {
        CallSettings settings = settings(ourMaxRetries);
        return client(com.openai.client.okhttp.OkHttpClient.builder()
            .addInterceptor(chain -> OkHttpCall.run(settings, chain)).build());
    }

    /** Over an OkHttp client of the test's, with OkHttp's silent retry of failed connections off (exact counts). */
    private OpenAIClient overOwnOkHttp(int ourMaxRetries) {
        CallSettings settings = settings(ourMaxRetries);
        return client(new com.openai.client.okhttp.OkHttpClient(new okhttp3.OkHttpClient.Builder()
            .retryOnConnectionFailure(false).addInterceptor(chain -> OkHttpCall.run(settings, chain)).build()));
    }

    private OpenAIClient client(HttpClient transport) {
        client = new OpenAIClientImpl(ClientOptions.builder()
            .httpClient(transport)
            .baseUrl(server.url("/openai/v1").toString())
            .credential(AzureApiKeyCredential.create("key"))
            .sleeper(new RecordingSleeper())
            .build());
        return client;
    }

    static EmbeddingCreateParams embed() {
        return EmbeddingCreateParams.builder().model("emb").input("hello").build();
    }

    private static Object create(OpenAIClient client, boolean async) {
        if (!async) {
            return client.embeddings().create(embed());
        }
        try {
            return client.async().embeddings().create(embed()).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private void throttleEveryAttempt() {
        for (int i = 0; i < 12; i++) {
            server.enqueue(new MockResponse().setResponseCode(429).addHeader("retry-after-ms", "10")
                .setBody("{\"error\":{\"code\":\"429\",\"message\":\"throttled\"}}"));
        }
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aThrottledCallIsTriedOnlyAsOftenAsThePoliciesSay(boolean async) {
        throttleEveryAttempt();

        assertThatThrownBy(() -> create(throughItsBuilder(3), async)).isInstanceOf(RateLimitException.class);

        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(openAIJavaSleeps).isEmpty();
        assertThat(time.waits()).hasSize(3);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aRetriedCallSucceedsOnceWithOneApiKeyPerAttempt(boolean async) throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).addHeader("retry-after-ms", "800").setBody("{}"));
        server.enqueue(new MockResponse().setBody(EMBEDDING).addHeader("Content-Type", "application/json"));

        Object response = create(throughItsBuilder(3), async);

        assertThat(response).isInstanceOf(CreateEmbeddingResponse.class);
        assertThat(server.getRequestCount()).isEqualTo(2);
        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertThat(first.getHeaders().values("api-key")).containsExactly("key");
        assertThat(second.getHeaders().values("api-key")).containsExactly("key");
        assertThat(List.of(first.getHeader(OkHttpCall.RETRY_COUNT), second.getHeader(OkHttpCall.RETRY_COUNT)))
            .containsExactly("0", "1");
        assertThat(openAIJavaSleeps).isEmpty();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aCallThatKeepsFailingWithIoErrorsIsSentOnlyAsOftenAsThePoliciesSay(boolean async) {
        for (int i = 0; i < 12; i++) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        }

        assertThatThrownBy(() -> create(overOwnOkHttp(3), async)).isInstanceOf(OpenAIIoException.class);

        // openai-java retried twice (its default), and each of its retries ended at once with nothing sent.
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(openAIJavaSleeps).hasSize(2);
        assertThat(gate.asked()).hasSize(4);
        assertThat(gate.given()).allSatisfy(admission -> assertThat(gate.reportsOf(admission)).isEqualTo(1));
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
