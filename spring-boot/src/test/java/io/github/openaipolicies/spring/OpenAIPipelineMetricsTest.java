// Licensed under the MIT License.
package io.github.openaipolicies.spring;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.MetricsOptions;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.PipelineMetricsOptions;
import io.github.openaipolicies.micrometer.MicrometerMetricsSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAIClientBuilderCustomizer;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiClientBuilderConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's metrics: in the application's Micrometer {@link MeterRegistry} when it has one, through the client
 * Spring AI builds.
 */
class OpenAIPipelineMetricsTest {
    private static final String EMBEDDINGS_JSON = "{\"object\":\"list\",\"model\":\"text-embedding-3-small\","
        + "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,0.5]}],"
        + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OpenAIPipelineAutoConfiguration.class));

    @Test
    void withoutAMeterRegistryTheMetricsStayWithAzureCore() {
        runner.run(context -> assertThat(context.getBean(OpenAIPipelineOptions.class).getMetricsOptions())
            .isNotInstanceOf(PipelineMetricsOptions.class).extracting(MetricsOptions::isEnabled).isEqualTo(true));
    }

    @Test
    void aMeterRegistryBeanReceivesTheMetricsThroughMicrometer() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MetricsOptions metrics = context.getBean(OpenAIPipelineOptions.class).getMetricsOptions();

            assertThat(metrics).isInstanceOfSatisfying(PipelineMetricsOptions.class, ours -> assertThat(
                ours.getMetricsSink()).isInstanceOf(MicrometerMetricsSink.class));
        });
    }

    @Test
    void springAisClientRecordsEveryAttemptInTheRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CannedClient transport = new CannedClient().then(429, "retry-after-ms", "1").then(200);
        runner.withUserConfiguration(AzureOpenAiClientBuilderConfiguration.class)
            .withPropertyValues("spring.ai.azure.openai.endpoint=https://example.openai.azure.com",
                "spring.ai.azure.openai.api-key=placeholder-key")
            .withBean(MeterRegistry.class, () -> registry)
            .withBean("cannedTransport", AzureOpenAIClientBuilderCustomizer.class,
                () -> builder -> builder.httpClient(transport))
            .run(context -> {
                context.getBean(OpenAIClientBuilder.class).buildClient()
                    .getEmbeddings("emb", new EmbeddingsOptions(List.of("hello")));

                Tags key = Tags.of("server.address", "example.openai.azure.com", "openai.deployment", "emb");
                assertThat(registry.get("openai.pipeline.attempts")
                    .tags(key.and("status_class", "4xx", "retry", "false")).counter().count()).isEqualTo(1.0);
                assertThat(registry.get("openai.pipeline.attempts")
                    .tags(key.and("status_class", "2xx", "retry", "true")).counter().count()).isEqualTo(1.0);
                assertThat(registry.get("openai.pipeline.retries").tags(key.and("reason", "retryable_status"))
                    .counter().count()).isEqualTo(1.0);
                assertThat(registry.get("openai.pipeline.server_delay").tags(key).summary().count()).isEqualTo(1);
                assertThat(registry.get("openai.pipeline.gate.hold.duration").tags(key).summaries())
                    .as("the shared gate admitted both attempts").isNotEmpty();
                assertThat(registry.get("openai.pipeline.gate.waiting").tags(key).gauge().value()).isZero();
            });
    }

    /** An azure-core client that answers from a script, the last step repeating. */
    private static final class CannedClient implements HttpClient {
        private final Deque<HttpHeaders> headers = new ArrayDeque<>();
        private final Deque<Integer> statuses = new ArrayDeque<>();

        CannedClient then(int status, String... namesAndValues) {
            HttpHeaders responseHeaders = new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json");
            for (int i = 0; i < namesAndValues.length; i += 2) {
                responseHeaders.set(HttpHeaderName.fromString(namesAndValues[i]), namesAndValues[i + 1]);
            }
            statuses.add(status);
            headers.add(responseHeaders);
            return this;
        }

        @Override
        public synchronized Mono<HttpResponse> send(HttpRequest request) {
            boolean last = statuses.size() == 1;
            int status = last ? statuses.peek() : statuses.poll();
            HttpHeaders responseHeaders = last ? headers.peek() : headers.poll();
            return Mono.just(new CannedResponse(request, status, responseHeaders,
                status == 200 ? EMBEDDINGS_JSON : "{\"error\":{\"code\":\"429\"}}"));
        }
    }

    private static final class CannedResponse extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;
        private final byte[] body;

        CannedResponse(HttpRequest request, int status, HttpHeaders headers, String body) {
            super(request);
            this.status = status;
            this.headers = headers;
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.just(ByteBuffer.wrap(body));
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(body);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just(new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just(new String(body, charset));
        }
    }
}
