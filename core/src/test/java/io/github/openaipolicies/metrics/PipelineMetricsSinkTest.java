// Licensed under the MIT License.
package io.github.openaipolicies.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;

class PipelineMetricsSinkTest {
    @Test
    void noneBindsEveryInstrumentToARecordingThatDoesNothing() {
        Map<String, Object> attributes = Map.of("server.address", "res.openai.azure.com");

        assertThatCode(() -> {
            PipelineMetricsSink.NONE.createLongCounter("c", "d", "{x}").bind(attributes).accept(1);
            PipelineMetricsSink.NONE.createLongUpDownCounter("u", "d", "{x}").bind(attributes).accept(-1);
            PipelineMetricsSink.NONE.createDoubleHistogram("h", "d", "s").bind(attributes).accept(0.5);
        }).doesNotThrowAnyException();
    }
}
