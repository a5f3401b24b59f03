// Licensed under the MIT License.
package io.github.openaipolicies.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
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

    @Test
    void aSinkWithoutGaugesIgnoresARegisteredGaugeAndNeverReadsIt() {
        PipelineMetricsSink withoutGauges = new PipelineMetricsSink() {
            @Override
            public LongInstrument createLongCounter(String name, String description, String unit) {
                return NONE.createLongCounter(name, description, unit);
            }

            @Override
            public LongInstrument createLongUpDownCounter(String name, String description, String unit) {
                return NONE.createLongUpDownCounter(name, description, unit);
            }

            @Override
            public DoubleInstrument createDoubleHistogram(String name, String description, String unit) {
                return NONE.createDoubleHistogram(name, description, unit);
            }
        };
        AtomicInteger reads = new AtomicInteger();

        withoutGauges.registerLongGauge("g", "d", "{x}", Map.of(), reads::incrementAndGet);
        PipelineMetricsSink.NONE.registerLongGauge("g", "d", "{x}", Map.of(), reads::incrementAndGet);

        assertThat(reads).hasValue(0);
    }
}
