// Licensed under the MIT License.
package io.github.openaipolicies.implementation.metrics;

import com.azure.core.http.HttpRequest;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.TelemetryAttributes;
import com.azure.core.util.metrics.DoubleHistogram;
import com.azure.core.util.metrics.LongCounter;
import com.azure.core.util.metrics.Meter;
import com.azure.core.util.metrics.MeterProvider;
import io.github.openaipolicies.PipelineMetricsOptions;
import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.implementation.QuotaKey;
import io.github.openaipolicies.gate.implementation.QuotaKeys;
import io.github.openaipolicies.implementation.LibraryInfo;
import io.github.openaipolicies.implementation.gate.AzureRequestView;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToLongFunction;

/**
 * One policy's instruments, from azure-core's {@link Meter}. When metrics are off (disabled options, or no
 * provider on the class path, so the meter is not enabled) {@link #enabled()} is false and nothing else may be
 * called: the policies check it first and then do no work at all.
 */
public final class PipelineMeters {
    /**
     * Distinct quota keys with their own attributes: the first ones seen keep them for the life of these meters, and
     * every later key shares one overflow set, so an instrument sees at most this many + 1 key attribute sets.
     */
    static final int MAX_KEYS = 1000;
    /** {@code server.address} of the overflow attribute set. */
    static final String OVERFLOW_HOST = "other";

    private static final PipelineMeters DISABLED = new PipelineMeters(null);
    /** The gates whose lease count is reported already (weakly held: a gate nobody uses may go). */
    private static final Map<Object, Boolean> WATCHED_GATES = Collections.synchronizedMap(new WeakHashMap<>());

    final LongCounter attempts;
    final LongCounter retries;
    final DoubleHistogram serverDelay;
    final LongCounter callsStopped;
    final DoubleHistogram gateHold;
    final LongCounter gateWaiting;
    final LongCounter credentialsDeduplicated;
    final LongCounter credentialsRefused;

    private final Meter meter;
    private final ConcurrentMap<String, KeyMetrics> byKey;
    private volatile KeyMetrics overflow;

    private PipelineMeters(Meter meter) {
        this.meter = meter;
        if (meter == null) {
            attempts = retries = callsStopped = gateWaiting = credentialsDeduplicated = credentialsRefused = null;
            serverDelay = gateHold = null;
            byKey = null;
            return;
        }
        attempts = meter.createLongCounter(MetricNames.ATTEMPTS, "Attempts sent, by status class and retry",
            "{attempt}");
        retries = meter.createLongCounter(MetricNames.RETRIES, "Retries started, by reason", "{retry}");
        serverDelay = meter.createDoubleHistogram(MetricNames.SERVER_DELAY,
            "Server-requested delays waited before a retry", "s");
        callsStopped = meter.createLongCounter(MetricNames.CALLS_STOPPED,
            "Calls stopped by a retry cap, the timeout, insufficient_quota or the gate's deadline", "{call}");
        gateHold = meter.createDoubleHistogram(MetricNames.GATE_HOLD,
            "Time attempts were held in the throttle gate, by hold reason", "s");
        gateWaiting = meter.createLongUpDownCounter(MetricNames.GATE_WAITING,
            "Attempts waiting in the throttle gate", "{attempt}");
        credentialsDeduplicated = meter.createLongCounter(MetricNames.CREDENTIALS_DEDUPLICATED,
            "Attempts whose repeated identical credential values were collapsed to one", "{attempt}");
        credentialsRefused = meter.createLongCounter(MetricNames.CREDENTIALS_REFUSED,
            "Attempts refused because a credential header carried different values", "{attempt}");
        byKey = new ConcurrentHashMap<>();
    }

    /**
     * The instruments for these options: disabled when the options say so, else from the options' provider
     * ({@link PipelineMetricsOptions#getProvider()}) or azure-core's default one, disabled when its meter is.
     *
     * @param options the options, null for the defaults
     * @return the instruments
     */
    public static PipelineMeters of(MetricsOptions options) {
        MetricsOptions effective = options == null ? new MetricsOptions() : options;
        if (!effective.isEnabled()) {
            return DISABLED;
        }
        MeterProvider provider = effective instanceof PipelineMetricsOptions ours && ours.getProvider() != null
            ? ours.getProvider() : MeterProvider.getDefaultProvider();
        Meter meter = provider.createMeter(LibraryInfo.NAME, LibraryInfo.VERSION, effective);
        return meter != null && meter.isEnabled() ? new PipelineMeters(meter) : DISABLED;
    }

    /**
     * Whether anything is recorded; when false, no other method may be called.
     *
     * @return true when metrics are on
     */
    public boolean enabled() {
        return meter != null;
    }

    /**
     * The instruments of a request's default quota key ({@link QuotaKeys}: host and deployment, model or API
     * family; never the query or an id in the path). The first {@value #MAX_KEYS} keys get their own instruments,
     * kept for the life of these meters; every later key shares the overflow set, whose {@code server.address} is
     * {@value #OVERFLOW_HOST}. So no more than {@value #MAX_KEYS} + 1 attribute sets per instrument and reason ever
     * reach the meter, however many keys the requests make.
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
        String key = QuotaKeys.of(request);
        KeyMetrics known = byKey.get(key);
        if (known != null) {
            return known;
        }
        if (byKey.size() >= MAX_KEYS) {
            return overflow();
        }
        QuotaKey parts = QuotaKeys.describe(request);
        synchronized (this) {
            // Under the lock, so that racing new keys cannot take more than MAX_KEYS.
            KeyMetrics own = byKey.computeIfAbsent(key,
                k -> byKey.size() < MAX_KEYS ? new KeyMetrics(this, attributes(parts)) : null);
            return own == null ? overflow() : own;
        }
    }

    /**
     * Reports a gate's count of reclaimed leases as the gauge {@value MetricNames#GATE_LEASES_RECLAIMED} (the count
     * since the gate was made): once per gate in the JVM, through the meter of the first policy with metrics on that
     * uses it, so that several pipelines sharing one gate do not report it twice.
     *
     * @param gate the gate, held weakly
     * @param reclaimed reads a gate's count of reclaimed leases
     * @param <G> the gate's type
     */
    public <G> void watchLeases(G gate, ToLongFunction<G> reclaimed) {
        if (meter == null || WATCHED_GATES.putIfAbsent(gate, Boolean.TRUE) != null) {
            return;
        }
        WeakReference<G> weakGate = new WeakReference<>(gate);
        meter.createLongGauge(MetricNames.GATE_LEASES_RECLAIMED,
                "Admissions taken back by the throttle gate because nobody reported them within their lease",
                "{admission}")
            .registerCallback(() -> {
                G watched = weakGate.get();
                return watched == null ? 0L : reclaimed.applyAsLong(watched);
            },
                meter.createAttributes(Map.of()));
    }

    /** The attributes of a key: its host, and its deployment, model or API family when it has one. */
    static Map<String, Object> attributes(QuotaKey key) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(MetricNames.SERVER_ADDRESS, key.host());
        putIfNotNull(attributes, MetricNames.DEPLOYMENT, key.deployment());
        putIfNotNull(attributes, MetricNames.MODEL, key.model());
        putIfNotNull(attributes, MetricNames.API, key.api());
        return attributes;
    }

    private static void putIfNotNull(Map<String, Object> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }

    TelemetryAttributes attributes(Map<String, Object> attributes) {
        return meter.createAttributes(attributes);
    }

    private KeyMetrics overflow() {
        KeyMetrics shared = overflow;
        if (shared == null) {
            synchronized (this) {
                shared = overflow;
                if (shared == null) {
                    shared = new KeyMetrics(this, Map.of(MetricNames.SERVER_ADDRESS, OVERFLOW_HOST));
                    overflow = shared;
                }
            }
        }
        return shared;
    }
}
