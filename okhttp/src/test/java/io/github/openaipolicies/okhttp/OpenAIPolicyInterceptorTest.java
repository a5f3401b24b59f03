// Licensed under the MIT License.
package io.github.openaipolicies.okhttp;

import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.metrics.implementation.MetricNames;
import io.github.openaipolicies.retry.RetryAfterOptions;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public interceptor as users build it: its options reach every call; its waits are real (no test waits). */
class OpenAIPolicyInterceptorTest {
    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void close() throws IOException {
        server.shutdown();
    }

    private Request embeddings() {
        return new Request.Builder().url(server.url("/openai/deployments/emb/embeddings?api-version=1"))
            .header("api-key", "key").post(RequestBody.create("{\"input\":\"x\"}", MediaType.get("application/json")))
            .build();
    }

    @Test
    void withDefaultsACallGoesThroughAndItsAnswerIsMarked() throws Exception {
        server.enqueue(new MockResponse().setBody("{}"));
        OkHttpClient client = new OkHttpClient.Builder().addInterceptor(new OpenAIPolicyInterceptor()).build();

        try (Response response = client.newCall(embeddings()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("x-should-retry")).isEqualTo("false");
        }
    }

    @Test
    void theOptionsReachEveryCall() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).addHeader("Retry-After", "120").setBody("{}"));
        RecordingSink sink = new RecordingSink();
        OkHttpClient client = new OkHttpClient.Builder().addInterceptor(new OpenAIPolicyInterceptor(
            new OkHttpPolicyOptions().setThrottleGate(null).setMetricsSink(sink)
                .setRetryOptions(new RetryAfterOptions().setMaxRetries(5)))).build();

        try (Response response = client.newCall(embeddings()).execute()) {
            assertThat(response.code()).isEqualTo(429);
        }
        assertThat(server.getRequestCount()).isOne();
        assertThat(sink.sum(MetricNames.CALLS_STOPPED, Map.of(MetricNames.REASON, "retry_after_above_max")))
            .isOne();
        assertThat(sink.recordings()).noneMatch(r -> r.instrument().equals(MetricNames.GATE_HOLD));
    }

    @Test
    void theOptionsAreCopied() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).addHeader("Retry-After", "120").setBody("{}"));
        RecordingSink sink = new RecordingSink();
        OkHttpPolicyOptions options = new OkHttpPolicyOptions().setThrottleGate(null).setMetricsSink(sink);
        OpenAIPolicyInterceptor interceptor = new OpenAIPolicyInterceptor(options);
        options.setMetricsSink(new RecordingSink());
        OkHttpClient client = new OkHttpClient.Builder().addInterceptor(interceptor).build();

        client.newCall(embeddings()).execute().close();

        assertThat(sink.recordings()).isNotEmpty();
    }

    @Test
    void invalidRetryOptionsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new OpenAIPolicyInterceptor(new OkHttpPolicyOptions()
            .setRetryOptions(new RetryAfterOptions().setBaseDelay(Duration.ofSeconds(90))
                .setMaxDelay(Duration.ofSeconds(30)))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'baseDelay'");
        assertThatThrownBy(() -> new OpenAIPolicyInterceptor(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'options'");
    }
}
