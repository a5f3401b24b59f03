// Licensed under the MIT License.
package io.github.openaipolicies.metrics.implementation;

import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.PipelineMetricsSink.DoubleInstrument;
import io.github.openaipolicies.metrics.PipelineMetricsSink.LongInstrument;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * One adapter's instruments, created from a {@link PipelineMetricsSink}, and the instruments of each quota key
 * ({@link KeyMetrics}). With {@link PipelineMetricsSink#NONE} {@link #enabled()} is false and nothing else may be
 * called: the adapters check it first and then do no work at all.
 */
public final class PipelineInstruments {
    /**
     * Distinct quota keys with their own attributes: the first ones seen keep them for the life of these instruments,
     * and every later key shares one overflow set, so an instrument sees at most this many + 1 key attribute sets.
     */
    public static final int MAX_KEYS = 1000;
    /** {@code server.address} of the overflow attribute set. */
    public static final String OVERFLOW_HOST = "other";

    private static final PipelineInstruments DISABLED = new PipelineInstruments(null);

    final LongInstrument attempts;
    final LongInstrument retries;
    final DoubleInstrument serverDelay;
    final LongInstrument callsStopped;
    final DoubleInstrument gateHold;
    final LongInstrument gateWaiting;
    final LongInstrument credentialsDeduplicated;
    final LongInstrument credentialsRefused;

    private final ConcurrentMap<String, KeyMetrics> byKey;
    private volatile KeyMetrics overflow;

    private PipelineInstruments(PipelineMetricsSink sink) {
        if (sink == null) {
            attempts = retries = callsStopped = gateWaiting = credentialsDeduplicated = credentialsRefused = null;
            serverDelay = gateHold = null;
            byKey = null;
            return;
        }
        attempts = sink.createLongCounter(MetricNames.ATTEMPTS, MetricNames.ATTEMPTS_DESCRIPTION,
            MetricNames.UNIT_ATTEMPT);
        retries = sink.createLongCounter(MetricNames.RETRIES, MetricNames.RETRIES_DESCRIPTION, MetricNames.UNIT_RETRY);
        serverDelay = sink.createDoubleHistogram(MetricNames.SERVER_DELAY, MetricNames.SERVER_DELAY_DESCRIPTION,
            MetricNames.UNIT_SECONDS);
        callsStopped = sink.createLongCounter(MetricNames.CALLS_STOPPED, MetricNames.CALLS_STOPPED_DESCRIPTION,
            MetricNames.UNIT_CALL);
        gateHold = sink.createDoubleHistogram(MetricNames.GATE_HOLD, MetricNames.GATE_HOLD_DESCRIPTION,
            MetricNames.UNIT_SECONDS);
        gateWaiting = sink.createLongUpDownCounter(MetricNames.GATE_WAITING, MetricNames.GATE_WAITING_DESCRIPTION,
            MetricNames.UNIT_ATTEMPT);
        credentialsDeduplicated = sink.createLongCounter(MetricNames.CREDENTIALS_DEDUPLICATED,
            MetricNames.CREDENTIALS_DEDUPLICATED_DESCRIPTION, MetricNames.UNIT_ATTEMPT);
        credentialsRefused = sink.createLongCounter(MetricNames.CREDENTIALS_REFUSED,
            MetricNames.CREDENTIALS_REFUSED_DESCRIPTION, MetricNames.UNIT_ATTEMPT);
        byKey = new ConcurrentHashMap<>();
    }

    /**
     * The instruments of a sink: disabled (creating nothing) for {@link PipelineMetricsSink#NONE}.
     *
     * @param sink the sink
     * @return the instruments
     */
    public static PipelineInstruments of(PipelineMetricsSink sink) {
        Objects.requireNonNull(sink, "'sink' cannot be null.");
        return sink == PipelineMetricsSink.NONE ? DISABLED : new PipelineInstruments(sink);
    }

    /**
     * Whether anything is recorded; when false, no other method may be called.
     *
     * @return true when metrics are on
     */
    public boolean enabled() {
        return byKey != null;
    }

    /**
     * The instruments of a quota key. The first {@value #MAX_KEYS} keys get their own instruments, kept for the life
     * of these instruments; every later key shares the overflow set, whose {@code server.address} is
     * {@value #OVERFLOW_HOST}. So no more than {@value #MAX_KEYS} + 1 attribute sets per instrument and reason ever
     * reach the sink, however many keys the requests make. A key beyond the cap is folded without taking a lock.
     *
     * @param key the quota key (never a query or an id: the key is what keeps the attribute sets few)
     * @param source what the key's attributes are read from, such as the request
     * @param attributes reads the key's attributes ({@link MetricNames#keyAttributes}) from the source; called only
     * for a key not seen before
     * @param <S> the source's type
     * @return the key's instruments
     */
    public <S> KeyMetrics forKey(String key, S source, Function<? super S, Map<String, Object>> attributes) {
        KeyMetrics known = byKey.get(key);
        if (known != null) {
            return known;
        }
        if (byKey.size() >= MAX_KEYS) {
            return overflow();
        }
        Map<String, Object> keyAttributes = attributes.apply(source);
        synchronized (this) {
            // Under the lock, so that racing new keys cannot take more than MAX_KEYS.
            KeyMetrics own = byKey.computeIfAbsent(key,
                k -> byKey.size() < MAX_KEYS ? new KeyMetrics(this, keyAttributes) : null);
            return own == null ? overflow() : own;
        }
    }

    private KeyMetrics overflow() {
        KeyMetrics shared = overflow;
        if (shared == null) {
            synchronized (this) {
                shared = overflow;
                if (shared == null) {
                    shared = new KeyMetrics(this, MetricNames.keyAttributes(OVERFLOW_HOST, null, null, null));
                    overflow = shared;
                }
            }
        }
        return shared;
    }
}
