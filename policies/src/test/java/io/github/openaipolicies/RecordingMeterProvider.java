// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.util.Context;
import com.azure.core.util.LibraryTelemetryOptions;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.TelemetryAttributes;
import com.azure.core.util.metrics.DoubleHistogram;
import com.azure.core.util.metrics.LongCounter;
import com.azure.core.util.metrics.LongGauge;
import com.azure.core.util.metrics.Meter;
import com.azure.core.util.metrics.MeterProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A {@link MeterProvider} that keeps every value recorded through it, for tests: pass {@link #options()} to a policy
 * or a pipeline helper (never registered through the global service loader, so tests do not see each other's
 * values). Thread-safe.
 */
public final class RecordingMeterProvider implements MeterProvider {
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

    /** An instrument as created: its name, unit and kind. */
    public record Instrument(String name, String unit, String kind) {
    }

    private final List<Recording> recordings = new ArrayList<>();
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    private final boolean meterEnabled;
    private final AtomicInteger metersCreated = new AtomicInteger();
    private final AtomicInteger attributeSetsCreated = new AtomicInteger();

    /** A provider whose meters are enabled. */
    public RecordingMeterProvider() {
        this(true);
    }

    /**
     * A provider whose meters say whether they are enabled as told (a meter that is not enabled still records what
     * it is given, so a test sees work that should have been skipped).
     *
     * @param meterEnabled what the meters' {@code isEnabled()} answer
     */
    public RecordingMeterProvider(boolean meterEnabled) {
        this.meterEnabled = meterEnabled;
    }

    /**
     * Options that send this library's metrics here.
     *
     * @return new options with this provider
     */
    public PipelineMetricsOptions options() {
        return new PipelineMetricsOptions().setProvider(this);
    }

    @Override
    public Meter createMeter(String libraryName, String libraryVersion, MetricsOptions options) {
        metersCreated.incrementAndGet();
        return new RecordingMeter();
    }

    @Override
    public Meter createMeter(LibraryTelemetryOptions libraryOptions, MetricsOptions options) {
        metersCreated.incrementAndGet();
        return new RecordingMeter();
    }

    /**
     * How many meters were created.
     *
     * @return the count
     */
    public int metersCreated() {
        return metersCreated.get();
    }

    /**
     * How many attribute sets were created.
     *
     * @return the count
     */
    public int attributeSetsCreated() {
        return attributeSetsCreated.get();
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

    /**
     * The sum of all of an instrument's values.
     *
     * @param instrument the instrument name
     * @return the sum
     */
    public long sum(String instrument) {
        return sum(instrument, Map.of());
    }

    /**
     * What every callback registered on a gauge reads now.
     *
     * @param name the gauge's name
     * @return one value per registered callback, in registration order
     */
    public List<Long> gaugeValues(String name) {
        return gauges.stream().filter(gauge -> gauge.name().equals(name)).map(gauge -> gauge.callback().get())
            .toList();
    }

    /**
     * An instrument as created, or null when it was not.
     *
     * @param name the instrument name
     * @return the instrument
     */
    public Instrument instrument(String name) {
        return instruments.get(name);
    }

    private void record(String instrument, TelemetryAttributes attributes, double value) {
        synchronized (recordings) {
            recordings.add(new Recording(instrument, ((Attributes) attributes).values(), value));
        }
    }

    private record Attributes(Map<String, Object> values) implements TelemetryAttributes {
    }

    private record Gauge(String name, Supplier<Long> callback, TelemetryAttributes attributes) {
    }

    private final class RecordingMeter implements Meter {
        @Override
        public DoubleHistogram createDoubleHistogram(String name, String description, String unit) {
            instruments.put(name, new Instrument(name, unit, "histogram"));
            return new DoubleHistogram() {
                @Override
                public void record(double value, TelemetryAttributes attributes, Context context) {
                    RecordingMeterProvider.this.record(name, attributes, value);
                }

                @Override
                public boolean isEnabled() {
                    return true;
                }
            };
        }

        @Override
        public LongCounter createLongCounter(String name, String description, String unit) {
            instruments.put(name, new Instrument(name, unit, "counter"));
            return counter(name);
        }

        @Override
        public LongCounter createLongUpDownCounter(String name, String description, String unit) {
            instruments.put(name, new Instrument(name, unit, "up-down counter"));
            return counter(name);
        }

        private LongCounter counter(String name) {
            return new LongCounter() {
                @Override
                public void add(long value, TelemetryAttributes attributes, Context context) {
                    RecordingMeterProvider.this.record(name, attributes, value);
                }

                @Override
                public boolean isEnabled() {
                    return true;
                }
            };
        }

        @Override
        public LongGauge createLongGauge(String name, String description, String unit) {
            instruments.put(name, new Instrument(name, unit, "gauge"));
            return new LongGauge() {
                @Override
                public AutoCloseable registerCallback(Supplier<Long> callback, TelemetryAttributes attributes) {
                    gauges.add(new Gauge(name, callback, attributes));
                    return () -> gauges.removeIf(gauge -> gauge.callback() == callback);
                }

                @Override
                public boolean isEnabled() {
                    return true;
                }
            };
        }

        @Override
        public TelemetryAttributes createAttributes(Map<String, Object> attributes) {
            attributeSetsCreated.incrementAndGet();
            return new Attributes(Map.copyOf(attributes));
        }

        @Override
        public boolean isEnabled() {
            return meterEnabled;
        }

        @Override
        public void close() {
        }
    }
}
