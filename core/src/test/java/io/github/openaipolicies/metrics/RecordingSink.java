// Licensed under the MIT License.
package io.github.openaipolicies.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * A {@link PipelineMetricsSink} that keeps every instrument, binding and value it is given, for tests. Thread-safe.
 */
public class RecordingSink implements PipelineMetricsSink {
    /** An instrument as created. */
    public record Instrument(String name, String description, String unit, String kind) {
    }

    /** One binding of an instrument to an attribute set. */
    public record Binding(String instrument, Map<String, Object> attributes) {
    }

    /** One recorded value. */
    public record Recording(String instrument, Map<String, Object> attributes, double value) {
        /**
         * Whether every given attribute has the given value here.
         *
         * @param expected attribute names and values
         * @return true when all match
         */
        public boolean has(Map<String, Object> expected) {
            return expected.entrySet().stream()
                .allMatch(entry -> Objects.equals(attributes.get(entry.getKey()), entry.getValue()));
        }
    }

    /** A gauge as registered. */
    public record Gauge(Instrument instrument, Map<String, Object> attributes, LongSupplier value) {
    }

    private final List<Instrument> instruments = new CopyOnWriteArrayList<>();
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();
    private final List<Recording> recordings = new ArrayList<>();

    @Override
    public LongInstrument createLongCounter(String name, String description, String unit) {
        return longInstrument(new Instrument(name, description, unit, "counter"));
    }

    @Override
    public LongInstrument createLongUpDownCounter(String name, String description, String unit) {
        return longInstrument(new Instrument(name, description, unit, "up-down counter"));
    }

    @Override
    public DoubleInstrument createDoubleHistogram(String name, String description, String unit) {
        instruments.add(new Instrument(name, description, unit, "histogram"));
        return attributes -> {
            bound(name, attributes);
            return value -> record(name, attributes, value);
        };
    }

    @Override
    public void registerLongGauge(String name, String description, String unit, Map<String, Object> attributes,
        LongSupplier value) {
        gauges.add(new Gauge(new Instrument(name, description, unit, "gauge"), attributes, value));
    }

    /**
     * Every gauge registered, in order.
     *
     * @return the gauges
     */
    public List<Gauge> gauges() {
        return List.copyOf(gauges);
    }

    private LongInstrument longInstrument(Instrument instrument) {
        instruments.add(instrument);
        return attributes -> {
            bound(instrument.name(), attributes);
            return value -> record(instrument.name(), attributes, value);
        };
    }

    /**
     * Called for each binding, before it is returned; a test may override it to hold a binding.
     *
     * @param instrument the instrument's name
     * @param attributes the attributes bound
     */
    protected void bound(String instrument, Map<String, Object> attributes) {
        bindings.add(new Binding(instrument, attributes));
    }

    private void record(String instrument, Map<String, Object> attributes, double value) {
        synchronized (recordings) {
            recordings.add(new Recording(instrument, attributes, value));
        }
    }

    /**
     * Every instrument created, in creation order.
     *
     * @return the instruments
     */
    public List<Instrument> instruments() {
        return List.copyOf(instruments);
    }

    /**
     * Every binding made, in order.
     *
     * @return the bindings
     */
    public List<Binding> bindings() {
        return List.copyOf(bindings);
    }

    /**
     * Every value recorded so far.
     *
     * @return a copy, in recording order
     */
    public List<Recording> recordings() {
        synchronized (recordings) {
            return List.copyOf(recordings);
        }
    }

    /**
     * The values an instrument recorded with the given attributes (others may be present too).
     *
     * @param instrument the instrument name
     * @param attributes attribute names and values the recordings must have
     * @return the values, in recording order
     */
    public List<Double> values(String instrument, Map<String, Object> attributes) {
        return recordings().stream().filter(r -> r.instrument().equals(instrument) && r.has(attributes))
            .map(Recording::value).toList();
    }

    /**
     * The sum of an instrument's values with the given attributes.
     *
     * @param instrument the instrument name
     * @param attributes attribute names and values the recordings must have
     * @return the sum
     */
    public long sum(String instrument, Map<String, Object> attributes) {
        return Math.round(values(instrument, attributes).stream().mapToDouble(Double::doubleValue).sum());
    }
}
