// Licensed under the MIT License.
package io.github.openaipolicies.metrics;

import java.util.Map;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Receives the library's metrics: creates the instruments it asks for (a long counter, a long up-down counter, a
 * double histogram, each by name, description and unit) and binds each to the attribute sets it records with.
 *
 * <p>The library creates each instrument once, binds each attribute set of an instrument once (on first use, never
 * twice, even from racing threads), and then records through the binding: a bridge may do its expensive work when
 * binding (register a Micrometer meter with those tags, or precompute azure-core's {@code TelemetryAttributes}) and
 * record with no lookup. A bridge to azure-core's {@code Meter}:</p>
 * <pre>{@code
 * LongInstrument createLongCounter(String name, String description, String unit) {
 *     LongCounter counter = meter.createLongCounter(name, description, unit);
 *     return attributes -> {
 *         TelemetryAttributes bound = meter.createAttributes(attributes);
 *         return value -> counter.add(value, bound, Context.NONE);
 *     };
 * }
 * }</pre>
 * and to Micrometer's {@code MeterRegistry}:
 * <pre>{@code
 * LongInstrument createLongCounter(String name, String description, String unit) {
 *     return attributes -> {
 *         Counter counter = Counter.builder(name).description(description).baseUnit(unit)
 *             .tags(tags(attributes)).register(registry);
 *         return counter::increment;
 *     };
 * }
 * }</pre>
 *
 * <p>Recording happens on the threads that send requests (I/O threads included): a binding must not block. A sink
 * that throws makes the attempt it was recording for fail.</p>
 */
public interface PipelineMetricsSink {
    /** A sink that records nothing; the library does no metrics work at all with it (not even binding). */
    PipelineMetricsSink NONE = new PipelineMetricsSink() {
        @Override
        public LongInstrument createLongCounter(String name, String description, String unit) {
            return attributes -> value -> {
            };
        }

        @Override
        public LongInstrument createLongUpDownCounter(String name, String description, String unit) {
            return createLongCounter(name, description, unit);
        }

        @Override
        public DoubleInstrument createDoubleHistogram(String name, String description, String unit) {
            return attributes -> value -> {
            };
        }
    };

    /**
     * Creates a monotonic counter of long values: the values recorded are never negative.
     *
     * @param name the instrument's name, such as {@code openai.pipeline.attempts}
     * @param description what it counts
     * @param unit its unit in UCUM form, such as {@code {attempt}}
     * @return the instrument
     */
    LongInstrument createLongCounter(String name, String description, String unit);

    /**
     * Creates a counter of long values that goes up and down (such as attempts waiting now): the values recorded are
     * deltas, positive or negative.
     *
     * @param name the instrument's name, such as {@code openai.pipeline.gate.waiting}
     * @param description what it counts
     * @param unit its unit in UCUM form, such as {@code {attempt}}
     * @return the instrument
     */
    LongInstrument createLongUpDownCounter(String name, String description, String unit);

    /**
     * Creates a histogram of double values.
     *
     * @param name the instrument's name, such as {@code openai.pipeline.server_delay}
     * @param description what it measures
     * @param unit its unit in UCUM form, such as {@code s}
     * @return the instrument
     */
    DoubleInstrument createDoubleHistogram(String name, String description, String unit);

    /**
     * Registers a gauge of long values that the sink reads when it collects (such as the admissions a gate took back
     * since it was made). The library registers each gauge once per attribute set. The default does nothing, so a
     * sink written before gauges existed still compiles and records everything else.
     *
     * @param name the gauge's name, such as {@code openai.pipeline.gate.leases.reclaimed}
     * @param description what it shows
     * @param unit its unit in UCUM form, such as {@code {admission}}
     * @param attributes the attributes, in a stable order, unmodifiable; values are {@code String} or {@code Boolean}
     * @param value reads the current value; called on the sink's collecting thread, must not block; the sink holds it
     * for as long as it reports the gauge
     */
    default void registerLongGauge(String name, String description, String unit, Map<String, Object> attributes,
        LongSupplier value) {
    }

    /** An instrument that records long values (a counter or an up-down counter). */
    @FunctionalInterface
    interface LongInstrument {
        /**
         * Binds the instrument to one attribute set.
         *
         * @param attributes the attributes, in a stable order, unmodifiable; values are {@code String} or
         * {@code Boolean}
         * @return what records a value with these attributes: an increment for a counter, a delta for an up-down
         * counter
         */
        LongConsumer bind(Map<String, Object> attributes);
    }

    /** An instrument that records double values (a histogram). */
    @FunctionalInterface
    interface DoubleInstrument {
        /**
         * Binds the instrument to one attribute set.
         *
         * @param attributes the attributes, in a stable order, unmodifiable; values are {@code String} or
         * {@code Boolean}
         * @return what records a value with these attributes
         */
        DoubleConsumer bind(Map<String, Object> attributes);
    }
}
