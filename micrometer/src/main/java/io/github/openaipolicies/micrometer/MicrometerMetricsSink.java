// Licensed under the MIT License.
package io.github.openaipolicies.micrometer;

import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The library's metrics in a Micrometer {@link MeterRegistry}, with the same names, descriptions, units and attributes
 * as through azure-core's {@code Meter} (the registry applies its own naming convention, such as Prometheus'
 * {@code openai_pipeline_attempts_total}). Each attribute set is registered once, when the library binds it, and
 * then recorded with no lookup:
 * <ul>
 *   <li>a counter is a {@link Counter};</li>
 *   <li>a histogram is a {@link DistributionSummary} with the unit ({@code s}) as its base unit;</li>
 *   <li>an up-down counter (attempts waiting in the gate) is a {@link Gauge} over one {@link AtomicLong} per attribute
 *   set and registry, shared by every sink and pipeline recording into that registry;</li>
 *   <li>a gauge the library registers (the gate's reclaimed leases) is a {@link Gauge} over its supplier.</li>
 * </ul>
 * The registry holds every gauge's state strongly. A unit that is a UCUM annotation, such as {@code {attempt}}, is
 * dimensionless: it is not given to Micrometer as a base unit, which a registry would append to the name.
 *
 * <pre>{@code
 * PipelineMetricsSink sink = new MicrometerMetricsSink(meterRegistry);
 * new OpenAIPipelineOptions().setMetricsOptions(new PipelineMetricsOptions().setMetricsSink(sink));  // azure-core
 * new OpenAIJavaPolicyOptions().setMetricsSink(sink);                                                 // openai-java
 * }</pre>
 */
public final class MicrometerMetricsSink implements PipelineMetricsSink {
    private final MeterRegistry registry;

    /**
     * Records into a registry.
     *
     * @param registry the registry, such as a Spring application's {@code MeterRegistry} bean
     * @throws NullPointerException if {@code registry} is null
     */
    public MicrometerMetricsSink(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "'registry' cannot be null.");
    }

    /**
     * Creates a counter: each attribute set bound is a {@link Counter} incremented by the values recorded.
     *
     * @param name the instrument's name
     * @param description what it counts
     * @param unit its unit in UCUM form
     * @return the instrument
     */
    @Override
    public LongInstrument createLongCounter(String name, String description, String unit) {
        return attributes -> {
            Counter counter = Counter.builder(name).description(description).baseUnit(baseUnit(unit))
                .tags(tags(attributes)).register(registry);
            return counter::increment;
        };
    }

    /**
     * Creates an up-down counter: each attribute set bound is a {@link Gauge} of the sum of the deltas recorded,
     * shared with every other binding of the same name and attributes in this registry.
     *
     * @param name the instrument's name
     * @param description what it counts
     * @param unit its unit in UCUM form
     * @return the instrument
     */
    @Override
    public LongInstrument createLongUpDownCounter(String name, String description, String unit) {
        return attributes -> {
            Tags tags = tags(attributes);
            AtomicLong sum = UpDownSums.of(registry, name, tags, created -> Gauge
                .builder(name, created, AtomicLong::get).description(description).baseUnit(baseUnit(unit))
                .tags(tags).strongReference(true).register(registry));
            return sum::addAndGet;
        };
    }

    /**
     * Creates a histogram: each attribute set bound is a {@link DistributionSummary} with the unit as base unit.
     *
     * @param name the instrument's name
     * @param description what it measures
     * @param unit its unit in UCUM form, such as {@code s}
     * @return the instrument
     */
    @Override
    public DoubleInstrument createDoubleHistogram(String name, String description, String unit) {
        return attributes -> {
            DistributionSummary summary = DistributionSummary.builder(name).description(description)
                .baseUnit(baseUnit(unit)).tags(tags(attributes)).register(registry);
            return summary::record;
        };
    }

    /**
     * Registers a {@link Gauge} that reads {@code value}, held strongly by the registry.
     *
     * @param name the gauge's name
     * @param description what it shows
     * @param unit its unit in UCUM form
     * @param attributes the attributes
     * @param value reads the current value
     */
    @Override
    public void registerLongGauge(String name, String description, String unit, Map<String, Object> attributes,
        LongSupplier value) {
        Gauge.builder(name, value, LongSupplier::getAsLong).description(description).baseUnit(baseUnit(unit))
            .tags(tags(attributes)).strongReference(true).register(registry);
    }

    /** The attributes as tags; values ({@code String} or {@code Boolean}) in their string form. */
    static Tags tags(Map<String, Object> attributes) {
        List<Tag> tags = new ArrayList<>(attributes.size());
        attributes.forEach((key, value) -> tags.add(Tag.of(key, String.valueOf(value))));
        return Tags.of(tags);
    }

    /** The unit as Micrometer's base unit; null for a UCUM annotation such as {@code {attempt}} (dimensionless). */
    static String baseUnit(String unit) {
        return unit == null || unit.startsWith("{") ? null : unit;
    }
}
