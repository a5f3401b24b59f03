// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.core.util.Context;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.TelemetryAttributes;
import com.azure.core.util.metrics.DoubleHistogram;
import com.azure.core.util.metrics.LongCounter;
import com.azure.core.util.metrics.Meter;
import com.azure.core.util.metrics.MeterProvider;
import io.github.openaipolicies.PipelineMetricsOptions;

import java.time.Duration;
import java.util.Map;

/**
 * A {@link MeterProvider} that takes the policies' {@code openai.pipeline.gate.hold.duration} histogram into
 * {@link RunStats} (total and longest hold, for the summary) and drops every other metric. BulkEmbed passes it
 * through {@link PipelineMetricsOptions}, so the run's metrics come here instead of to a provider on the class path.
 */
public final class GateHoldRecorder implements MeterProvider {
    /** The histogram of the time attempts were held in the throttle gate, in seconds. */
    static final String GATE_HOLD = "openai.pipeline.gate.hold.duration";

    private static final TelemetryAttributes NO_ATTRIBUTES = new TelemetryAttributes() { };
    private static final LongCounter NO_COUNTER = new LongCounter() {
        @Override
        public void add(long value, TelemetryAttributes attributes, Context context) {
        }

        @Override
        public boolean isEnabled() {
            return false;
        }
    };

    private final RunStats stats;

    /**
     * Creates the recorder.
     *
     * @param stats where the holds go
     */
    public GateHoldRecorder(RunStats stats) {
        this.stats = stats;
    }

    /**
     * Metrics options that send the policies' metrics here.
     *
     * @return new options
     */
    public PipelineMetricsOptions options() {
        return new PipelineMetricsOptions().setProvider(this);
    }

    @Override
    public Meter createMeter(String libraryName, String libraryVersion, MetricsOptions options) {
        return new Meter() {
            @Override
            public DoubleHistogram createDoubleHistogram(String name, String description, String unit) {
                boolean holds = GATE_HOLD.equals(name);
                return new DoubleHistogram() {
                    @Override
                    public void record(double value, TelemetryAttributes attributes, Context context) {
                        if (holds) {
                            stats.gateHeld(Duration.ofNanos(Math.round(value * 1e9)));
                        }
                    }

                    @Override
                    public boolean isEnabled() {
                        return holds;
                    }
                };
            }

            @Override
            public LongCounter createLongCounter(String name, String description, String unit) {
                return NO_COUNTER;
            }

            @Override
            public LongCounter createLongUpDownCounter(String name, String description, String unit) {
                return NO_COUNTER;
            }

            @Override
            public TelemetryAttributes createAttributes(Map<String, Object> attributes) {
                return NO_ATTRIBUTES;
            }

            @Override
            public boolean isEnabled() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
