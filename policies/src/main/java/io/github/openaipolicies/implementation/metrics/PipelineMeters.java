// Licensed under the MIT License.
package io.github.openaipolicies.implementation.metrics;

import com.azure.core.http.HttpRequest;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.metrics.Meter;
import com.azure.core.util.metrics.MeterProvider;
import io.github.openaipolicies.PipelineMetricsOptions;
import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.implementation.QuotaKey;
import io.github.openaipolicies.gate.implementation.QuotaKeys;
import io.github.openaipolicies.implementation.LibraryInfo;
import io.github.openaipolicies.implementation.gate.AzureRequestView;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.implementation.KeyMetrics;
import io.github.openaipolicies.metrics.implementation.MetricNames;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.ToLongFunction;

/**
 * One policy's instruments, from azure-core's {@link Meter} or a {@link PipelineMetricsSink} the options name: the
 * bridge to the core's {@link PipelineInstruments} (names, attributes and the cap on quota keys are decided there).
 * When metrics are off (disabled options, or no provider on the class path, so the meter is not enabled)
 * {@link #enabled()} is false and nothing else may be called: the policies check it first and then do no work at
 * all.
 */
public final class PipelineMeters {
    private static final PipelineMeters DISABLED = new PipelineMeters(null, PipelineInstruments.of(
        PipelineMetricsSink.NONE));
    /** The gates whose lease count is reported already (weakly held: a gate nobody uses may go). */
    private static final Map<Object, Boolean> WATCHED_GATES = Collections.synchronizedMap(new WeakHashMap<>());

    private final PipelineMetricsSink sink;
    private final PipelineInstruments instruments;

    private PipelineMeters(PipelineMetricsSink sink, PipelineInstruments instruments) {
        this.sink = sink;
        this.instruments = instruments;
    }

    /**
     * The instruments for these options: disabled when the options say so; else through the options' sink
     * ({@link PipelineMetricsOptions#getMetricsSink()}, disabled for {@link PipelineMetricsSink#NONE}) when they name
     * one, else from the options' provider ({@link PipelineMetricsOptions#getProvider()}) or azure-core's default
     * one, disabled when its meter is.
     *
     * @param options the options, null for the defaults
     * @return the instruments
     */
    public static PipelineMeters of(MetricsOptions options) {
        MetricsOptions effective = options == null ? new MetricsOptions() : options;
        if (!effective.isEnabled()) {
            return DISABLED;
        }
        PipelineMetricsOptions ours = effective instanceof PipelineMetricsOptions pipeline ? pipeline : null;
        if (ours != null && ours.getMetricsSink() != null) {
            return of(ours.getMetricsSink());
        }
        MeterProvider provider = ours != null && ours.getProvider() != null
            ? ours.getProvider() : MeterProvider.getDefaultProvider();
        Meter meter = provider.createMeter(LibraryInfo.NAME, LibraryInfo.VERSION, effective);
        return meter != null && meter.isEnabled() ? of(new AzureMeterSink(meter)) : DISABLED;
    }

    private static PipelineMeters of(PipelineMetricsSink sink) {
        return sink == PipelineMetricsSink.NONE ? DISABLED : new PipelineMeters(sink, PipelineInstruments.of(sink));
    }

    /**
     * Whether anything is recorded; when false, no other method may be called.
     *
     * @return true when metrics are on
     */
    public boolean enabled() {
        return sink != null;
    }

    /**
     * The instruments of a request's default quota key ({@link QuotaKeys}: host and deployment, model or API
     * family; never the query or an id in the path), capped as {@link PipelineInstruments#forKey} says: the first
     * {@value PipelineInstruments#MAX_KEYS} keys get their own instruments, every later key shares the overflow set.
     *
     * @param request the request of an attempt
     * @return the key's instruments
     */
    public KeyMetrics forRequest(HttpRequest request) {
        return forRequest(new AzureRequestView(request));
    }

    /**
     * The instruments of a request's default quota key, see {@link #forRequest(HttpRequest)}.
     *
     * @param request the request of an attempt, as the gate sees it
     * @return the key's instruments
     */
    public KeyMetrics forRequest(RequestView request) {
        return instruments.forKey(QuotaKeys.of(request), request, PipelineMeters::keyAttributes);
    }

    /**
     * Reports a gate's count of reclaimed leases as the gauge {@value MetricNames#GATE_LEASES_RECLAIMED} (the count
     * since the gate was made): once per gate in the JVM, through the sink (azure-core's meter, or the options'
     * sink) of the first policy with metrics on that uses it, so that several pipelines sharing one gate do not
     * report it twice.
     *
     * @param gate the gate, held weakly
     * @param reclaimed reads a gate's count of reclaimed leases
     * @param <G> the gate's type
     */
    public <G> void watchLeases(G gate, ToLongFunction<G> reclaimed) {
        if (sink == null || WATCHED_GATES.putIfAbsent(gate, Boolean.TRUE) != null) {
            return;
        }
        WeakReference<G> weakGate = new WeakReference<>(gate);
        sink.registerLongGauge(MetricNames.GATE_LEASES_RECLAIMED, MetricNames.GATE_LEASES_RECLAIMED_DESCRIPTION,
            MetricNames.UNIT_ADMISSION, Map.of(), () -> {
                G watched = weakGate.get();
                return watched == null ? 0L : reclaimed.applyAsLong(watched);
            });
    }

    /** The attributes of a request's key: its host, and its deployment, model or API family when it has one. */
    private static Map<String, Object> keyAttributes(RequestView request) {
        QuotaKey key = QuotaKeys.describe(request);
        return MetricNames.keyAttributes(key.host(), key.deployment(), key.model(), key.api());
    }
}
