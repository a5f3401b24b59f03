// Licensed under the MIT License.
package io.github.openaipolicies.implementation.metrics;

import com.azure.core.util.Context;
import com.azure.core.util.TelemetryAttributes;
import com.azure.core.util.metrics.DoubleHistogram;
import com.azure.core.util.metrics.LongCounter;
import com.azure.core.util.metrics.Meter;
import io.github.openaipolicies.metrics.PipelineMetricsSink;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The core's metrics sink over azure-core's {@link Meter}: each binding is a {@link TelemetryAttributes} made once.
 */
final class AzureMeterSink implements PipelineMetricsSink {
    private final Meter meter;

    AzureMeterSink(Meter meter) {
        this.meter = meter;
    }

    @Override
    public LongInstrument createLongCounter(String name, String description, String unit) {
        return bound(meter.createLongCounter(name, description, unit));
    }

    @Override
    public LongInstrument createLongUpDownCounter(String name, String description, String unit) {
        return bound(meter.createLongUpDownCounter(name, description, unit));
    }

    @Override
    public DoubleInstrument createDoubleHistogram(String name, String description, String unit) {
        DoubleHistogram histogram = meter.createDoubleHistogram(name, description, unit);
        return attributes -> {
            TelemetryAttributes bound = meter.createAttributes(attributes);
            return value -> histogram.record(value, bound, Context.NONE);
        };
    }

    @Override
    public void registerLongGauge(String name, String description, String unit, Map<String, Object> attributes,
        LongSupplier value) {
        meter.createLongGauge(name, description, unit).registerCallback(value::getAsLong,
            meter.createAttributes(attributes));
    }

    private LongInstrument bound(LongCounter counter) {
        return attributes -> {
            TelemetryAttributes bound = meter.createAttributes(attributes);
            return value -> counter.add(value, bound, Context.NONE);
        };
    }
}
