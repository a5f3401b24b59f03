// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.util.Context;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.metrics.RecordingSink;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics options given to {@code install}, {@code harden} and {@code builder()} reach every policy they put in.
 */
class OpenAIPipelinesMetricsTest {
    private static final String ENDPOINT = "https://example.openai.azure.com";
    private static final String URL = ENDPOINT + "/openai/deployments/d/embeddings?api-version=1";

    private final RecordingMeterProvider recorder = new RecordingMeterProvider();

    private static ScriptedHttpClient embeddings() {
        return new ScriptedHttpClient().respond(200, new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE,
            "application/json"), OpenAIPipelinesInstallTest.EMBEDDINGS_JSON);
    }

    /** A per-retry policy that adds an {@code api-key} value: with the credential's own, two identical values. */
    private static PipelineTestPolicies.AddHeaderPolicy extraKey() {
        return new PipelineTestPolicies.AddHeaderPolicy("api-key", "key-0123456789");
    }

    private void assertEveryPolicyRecorded() {
        assertThat(recorder.sum("openai.pipeline.attempts")).as("RetryAfterPolicy").isEqualTo(1);
        assertThat(recorder.values("openai.pipeline.gate.hold.duration", java.util.Map.of()))
            .as("ThrottleGatePolicy").hasSize(1);
        assertThat(recorder.sum("openai.pipeline.credentials.deduplicated")).as("DedupeAuthPolicy").isEqualTo(1);
    }

    @Test
    void installPassesTheMetricsOptionsToEveryPolicy() {
        OpenAIClientBuilder builder = new OpenAIClientBuilder().endpoint(ENDPOINT)
            .credential(new AzureKeyCredential("key-0123456789")).httpClient(embeddings()).addPolicy(extraKey());
        OpenAIPipelines.install(builder, new OpenAIPipelineOptions().setThrottleGate(ThrottleGate.create())
            .setMetricsOptions(recorder.options()));

        builder.buildClient().getEmbeddings("d", new EmbeddingsOptions(List.of("hello")));

        assertEveryPolicyRecorded();
    }

    @Test
    void hardenPassesTheMetricsOptionsToEveryPolicyItAdds() {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(embeddings())
            .policies(extraKey(), extraKey()).build();

        HttpPipeline hardened = OpenAIPipelines.harden(pipeline, new OpenAIPipelineOptions()
            .setThrottleGate(ThrottleGate.create()).setMetricsOptions(recorder.options()));
        hardened.sendSync(new HttpRequest(HttpMethod.POST, URL), Context.NONE).close();

        assertEveryPolicyRecorded();
    }

    @Test
    void theBuilderPassesTheMetricsOptionsToEveryPolicy() {
        HttpPipeline pipeline = OpenAIPipelines.builder().httpClient(embeddings()).throttleGate(ThrottleGate.create())
            .metricsOptions(recorder.options()).addPolicy(extraKey()).addPolicy(extraKey()).build();

        pipeline.sendSync(new HttpRequest(HttpMethod.POST, URL), Context.NONE).close();

        assertEveryPolicyRecorded();
    }

    @Test
    void aSinkInTheMetricsOptionsReceivesWhatEveryPolicyRecords() {
        RecordingSink sink = new RecordingSink();
        HttpPipeline pipeline = OpenAIPipelines.builder().httpClient(embeddings()).throttleGate(ThrottleGate.create())
            .metricsOptions(new PipelineMetricsOptions().setMetricsSink(sink)).addPolicy(extraKey())
            .addPolicy(extraKey()).build();

        pipeline.sendSync(new HttpRequest(HttpMethod.POST, URL), Context.NONE).close();

        assertThat(sink.sum("openai.pipeline.attempts", java.util.Map.of("status_class", "2xx")))
            .as("RetryAfterPolicy").isEqualTo(1);
        assertThat(sink.values("openai.pipeline.gate.hold.duration", java.util.Map.of())).as("ThrottleGatePolicy")
            .hasSize(1);
        assertThat(sink.sum("openai.pipeline.credentials.deduplicated", java.util.Map.of("header", "api-key")))
            .as("DedupeAuthPolicy").isEqualTo(1);
        assertThat(sink.gauges()).extracting(gauge -> gauge.instrument().name())
            .as("ThrottleGate.create() is a new in-memory gate, watched through the sink")
            .containsExactly("openai.pipeline.gate.leases.reclaimed");
        assertThat(recorder.recordings()).isEmpty();
    }

    @Test
    void metricsAreOnByDefaultInTheOptions() {
        assertThat(new OpenAIPipelineOptions().getMetricsOptions().isEnabled()).isTrue();
    }
}
