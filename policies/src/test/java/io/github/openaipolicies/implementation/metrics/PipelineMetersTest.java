// Licensed under the MIT License.
package io.github.openaipolicies.implementation.metrics;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import io.github.openaipolicies.PipelineMetricsOptions;
import io.github.openaipolicies.RecordingMeterProvider;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.metrics.implementation.KeyMetrics;
import io.github.openaipolicies.metrics.implementation.MetricNames;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineMetersTest {
    private final RecordingMeterProvider recorder = new RecordingMeterProvider();
    private final PipelineMeters meters = PipelineMeters.of(recorder.options());

    private static HttpRequest get(String url) {
        return new HttpRequest(HttpMethod.GET, url);
    }

    private static HttpRequest post(String url, String body) {
        return new HttpRequest(HttpMethod.POST, url).setBody(body);
    }

    /** The attribute sets of every attempt recorded, without the attempt's own attributes. */
    private Set<Map<String, Object>> keyAttributeSets() {
        return recorder.recordings().stream().map(recording -> {
            Map<String, Object> attributes = new HashMap<>(recording.attributes());
            attributes.remove(MetricNames.STATUS_CLASS);
            attributes.remove(MetricNames.RETRY);
            return Map.copyOf(attributes);
        }).collect(Collectors.toSet());
    }

    @Test
    void keysBeyondTheCapShareOneOverflowSetAndEarlierKeysKeepTheirOwn() {
        int keys = PipelineInstruments.MAX_KEYS + 50;
        for (int i = 0; i < keys; i++) {
            meters.forRequest(get("https://r" + i + ".openai.azure.com/openai/deployments/d/embeddings"))
                .attempt(200, false);
        }
        meters.forRequest(get("https://r0.openai.azure.com/openai/deployments/d/embeddings")).attempt(200, false);

        Set<Map<String, Object>> sets = keyAttributeSets();
        assertThat(sets).hasSize(PipelineInstruments.MAX_KEYS + 1)
            .contains(Map.of(MetricNames.SERVER_ADDRESS, PipelineInstruments.OVERFLOW_HOST))
            .contains(Map.of(MetricNames.SERVER_ADDRESS, "r0.openai.azure.com", MetricNames.DEPLOYMENT, "d"));
        assertThat(recorder.sum(MetricNames.ATTEMPTS, Map.of(MetricNames.SERVER_ADDRESS, PipelineInstruments.OVERFLOW_HOST)))
            .isEqualTo(50);
        assertThat(recorder.sum(MetricNames.ATTEMPTS, Map.of(MetricNames.SERVER_ADDRESS, "r0.openai.azure.com")))
            .as("a key with its own set keeps it after the cap is reached").isEqualTo(2);
        assertThat(meters.forRequest(get("https://r" + (keys - 1) + ".openai.azure.com/openai/deployments/d")))
            .as("one overflow set, made once").isSameAs(meters.forRequest(get("https://late.example/x")));
    }

    @Test
    void aGateWatchedOnceIsReportedAtOnce() {
        Object gate = new Object();

        meters.watchLeases(gate, watched -> 7L);

        assertThat(recorder.gaugeValues(MetricNames.GATE_LEASES_RECLAIMED)).containsExactly(7L);
        assertThat(recorder.instrument(MetricNames.GATE_LEASES_RECLAIMED).unit()).isEqualTo("{admission}");
    }

    @Test
    void polledRunsTakeOneKeyWhateverTheirIdsSoADeploymentSeenLaterHasItsOwn() {
        for (int i = 0; i < PipelineInstruments.MAX_KEYS + 10; i++) {
            meters.forRequest(get("https://res.openai.azure.com/openai/threads/thread_" + i + "/runs/run_" + i
                + "?api-version=2024-05-01-preview")).attempt(200, false);
        }
        meters.forRequest(get("https://res.openai.azure.com/openai/deployments/emb/embeddings")).attempt(200, false);

        assertThat(keyAttributeSets()).containsExactlyInAnyOrder(
            Map.of(MetricNames.SERVER_ADDRESS, "res.openai.azure.com", MetricNames.API, "/openai/threads"),
            Map.of(MetricNames.SERVER_ADDRESS, "res.openai.azure.com", MetricNames.DEPLOYMENT, "emb"));
    }

    @Test
    void theAttributesAreThoseOfTheQuotaKeyNeverThePathOrQuery() {
        meters.forRequest(post("https://api.openai.com/v1/chat/completions?x=secret", "{\"model\":\"a\"}"))
            .attempt(429, false);
        meters.forRequest(post("https://api.openai.com/v1/chat/completions", "{\"model\":\"b\"}")).attempt(200, true);
        meters.forRequest(post("https://Res.openai.azure.com/openai/v1/embeddings", "{\"model\":\"emb\"}"))
            .attempt(200, false);
        meters.forRequest(get("https://api.openai.com/v1/files/file-123/content?x=secret")).attempt(200, false);

        assertThat(keyAttributeSets()).containsExactlyInAnyOrder(
            Map.of(MetricNames.SERVER_ADDRESS, "api.openai.com", MetricNames.MODEL, "a"),
            Map.of(MetricNames.SERVER_ADDRESS, "api.openai.com", MetricNames.MODEL, "b"),
            Map.of(MetricNames.SERVER_ADDRESS, "res.openai.azure.com", MetricNames.DEPLOYMENT, "emb"),
            Map.of(MetricNames.SERVER_ADDRESS, "api.openai.com", MetricNames.API, "/v1/files"));
    }

    @Test
    void azuresV1ShapeAndTheDeploymentShapeShareTheDeploymentsInstruments() {
        KeyMetrics v1 = meters.forRequest(post("https://res.openai.azure.com/openai/v1/embeddings",
            "{\"model\":\"emb\"}"));

        assertThat(meters.forRequest(get("https://res.openai.azure.com/openai/deployments/emb/embeddings")))
            .isSameAs(v1);
        assertThat(meters.forRequest(get("https://res.openai.azure.com/openai/deployments/other/embeddings")))
            .isNotSameAs(v1);
    }

    @Test
    void aSinkInTheOptionsReceivesEveryInstrumentAndTheProviderNothing() {
        RecordingSink sink = new RecordingSink();
        PipelineMeters throughSink = PipelineMeters.of(recorder.options().setMetricsSink(sink));

        throughSink.forRequest(get("https://res.openai.azure.com/openai/deployments/emb/embeddings"))
            .attempt(429, true);

        assertThat(throughSink.enabled()).isTrue();
        assertThat(sink.instruments()).extracting(RecordingSink.Instrument::name).contains(MetricNames.ATTEMPTS,
            MetricNames.RETRIES, MetricNames.SERVER_DELAY, MetricNames.CALLS_STOPPED, MetricNames.GATE_HOLD,
            MetricNames.GATE_WAITING, MetricNames.CREDENTIALS_DEDUPLICATED, MetricNames.CREDENTIALS_REFUSED);
        assertThat(sink.sum(MetricNames.ATTEMPTS, Map.of(MetricNames.SERVER_ADDRESS, "res.openai.azure.com",
            MetricNames.DEPLOYMENT, "emb", MetricNames.STATUS_CLASS, "4xx", MetricNames.RETRY, true))).isEqualTo(1);
        assertThat(recorder.recordings()).as("no azure-core meter with a sink").isEmpty();
    }

    @Test
    void theLeaseGaugeGoesThroughTheSinkOncePerGate() {
        RecordingSink sink = new RecordingSink();
        PipelineMeters throughSink = PipelineMeters.of(new PipelineMetricsOptions().setMetricsSink(sink));
        Object gate = new Object();

        throughSink.watchLeases(gate, watched -> 7L);
        throughSink.watchLeases(gate, watched -> 8L);

        assertThat(sink.gauges()).hasSize(1);
        RecordingSink.Gauge gauge = sink.gauges().get(0);
        assertThat(gauge.instrument()).isEqualTo(new RecordingSink.Instrument(MetricNames.GATE_LEASES_RECLAIMED,
            MetricNames.GATE_LEASES_RECLAIMED_DESCRIPTION, MetricNames.UNIT_ADMISSION, "gauge"));
        assertThat(gauge.attributes()).isEmpty();
        assertThat(gauge.value().getAsLong()).isEqualTo(7L);
    }

    @Test
    void theNoneSinkOrDisabledOptionsTurnMetricsOff() {
        RecordingSink sink = new RecordingSink();

        assertThat(PipelineMeters.of(recorder.options().setMetricsSink(PipelineMetricsSink.NONE)).enabled())
            .isFalse();
        assertThat(PipelineMeters.of(new PipelineMetricsOptions().setMetricsSink(sink).setEnabled(false)).enabled())
            .isFalse();
        assertThat(sink.instruments()).isEmpty();
        assertThat(recorder.recordings()).isEmpty();
        PipelineMetricsOptions options = new PipelineMetricsOptions();
        assertThat(options.setEnabled(false)).as("fluent").isSameAs(options);
        assertThat(options.setMetricsSink(sink)).as("fluent").isSameAs(options);
    }

    @Test
    void withoutASinkTheProvidersMeterIsUsedAsBefore() {
        assertThat(new PipelineMetricsOptions().getMetricsSink()).isNull();
        assertThat(meters.enabled()).isTrue();
        meters.forRequest(get("https://res.openai.azure.com/openai/deployments/emb/embeddings")).attempt(200, false);

        assertThat(recorder.sum(MetricNames.ATTEMPTS, Map.of(MetricNames.DEPLOYMENT, "emb"))).isEqualTo(1);
    }
}
