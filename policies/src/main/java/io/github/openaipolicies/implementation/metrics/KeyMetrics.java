// Licensed under the MIT License.
package io.github.openaipolicies.implementation.metrics;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.util.Context;
import com.azure.core.util.TelemetryAttributes;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.implementation.RetryReason;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The instruments of one quota key, with every attribute set precomputed: recording costs no allocation beyond the
 * instrument's own. Exists only while metrics are enabled.
 */
public final class KeyMetrics {
    private static final String[] STATUS_CLASSES = {"2xx", "4xx", "5xx", "other", "error"};
    private static final int ERROR = 4;

    private final PipelineMeters meters;
    private final Map<String, Object> base;
    private final TelemetryAttributes baseAttributes;
    private final TelemetryAttributes[] attempts = new TelemetryAttributes[STATUS_CLASSES.length * 2];
    private final TelemetryAttributes[] retries = new TelemetryAttributes[RetryReason.values().length];
    private final TelemetryAttributes[] stops = new TelemetryAttributes[CallStop.values().length];
    private final TelemetryAttributes[] holds = new TelemetryAttributes[ThrottleHoldReason.values().length];
    private final ConcurrentMap<HttpHeaderName, TelemetryAttributes> headers = new ConcurrentHashMap<>();

    KeyMetrics(PipelineMeters meters, Map<String, Object> base) {
        this.meters = meters;
        this.base = Map.copyOf(base);
        this.baseAttributes = meters.attributes(base);
        for (int status = 0; status < STATUS_CLASSES.length; status++) {
            attempts[status * 2] = with(MetricNames.STATUS_CLASS, STATUS_CLASSES[status], MetricNames.RETRY, false);
            attempts[status * 2 + 1] = with(MetricNames.STATUS_CLASS, STATUS_CLASSES[status], MetricNames.RETRY, true);
        }
        for (RetryReason reason : RetryReason.values()) {
            if (reason.isRetry()) {
                retries[reason.ordinal()] = with(MetricNames.REASON, MetricNames.lowerCase(reason));
            }
        }
        for (CallStop stop : CallStop.values()) {
            stops[stop.ordinal()] = with(MetricNames.REASON, stop.attributeValue());
        }
        for (ThrottleHoldReason reason : ThrottleHoldReason.values()) {
            holds[reason.ordinal()] = with(MetricNames.REASON, MetricNames.lowerCase(reason));
        }
    }

    /**
     * Counts an attempt that got a response.
     *
     * @param statusCode the response's status
     * @param retry whether the attempt was a retry
     */
    public void attempt(int statusCode, boolean retry) {
        int statusClass = statusCode >= 200 && statusCode < 300 ? 0
            : statusCode >= 400 && statusCode < 500 ? 1
            : statusCode >= 500 && statusCode < 600 ? 2
            : 3;
        meters.attempts.add(1, attempts[statusClass * 2 + (retry ? 1 : 0)], Context.NONE);
    }

    /**
     * Counts an attempt that ended in an exception.
     *
     * @param retry whether the attempt was a retry
     */
    public void attemptFailed(boolean retry) {
        meters.attempts.add(1, attempts[ERROR * 2 + (retry ? 1 : 0)], Context.NONE);
    }

    /**
     * Counts a retry, and records the delay waited when the server asked for it.
     *
     * @param reason the retry reason
     * @param serverDelay the wait, when it is the server's delay; null for a backoff delay
     */
    public void retry(RetryReason reason, Duration serverDelay) {
        meters.retries.add(1, retries[reason.ordinal()], Context.NONE);
        if (serverDelay != null) {
            meters.serverDelay.record(seconds(serverDelay), baseAttributes, Context.NONE);
        }
    }

    /**
     * Counts a call a limit stopped.
     *
     * @param stop why
     */
    public void stopped(CallStop stop) {
        meters.callsStopped.add(1, stops[stop.ordinal()], Context.NONE);
    }

    /**
     * Records how long an admitted attempt was held in the gate.
     *
     * @param held the time held, zero when it went at once
     * @param reason why it was held
     */
    public void held(Duration held, ThrottleHoldReason reason) {
        meters.gateHold.record(seconds(held), holds[reason.ordinal()], Context.NONE);
    }

    /**
     * Changes the number of attempts waiting in the gate.
     *
     * @param delta +1 when an attempt starts waiting, -1 when it stops
     */
    public void waiting(long delta) {
        meters.gateWaiting.add(delta, baseAttributes, Context.NONE);
    }

    /**
     * Counts an attempt whose credential header carried identical values (collapsed to one) or different ones
     * (refused).
     *
     * @param header the header
     * @param refused true when the attempt was refused
     */
    public void credential(HttpHeaderName header, boolean refused) {
        TelemetryAttributes attributes = headers.computeIfAbsent(header,
            name -> with(MetricNames.HEADER, name.getCaseInsensitiveName().toLowerCase(Locale.ROOT)));
        (refused ? meters.credentialsRefused : meters.credentialsDeduplicated).add(1, attributes, Context.NONE);
    }

    private TelemetryAttributes with(String key, Object value) {
        Map<String, Object> attributes = new HashMap<>(base);
        attributes.put(key, value);
        return meters.attributes(attributes);
    }

    private TelemetryAttributes with(String key1, Object value1, String key2, Object value2) {
        Map<String, Object> attributes = new HashMap<>(base);
        attributes.put(key1, value1);
        attributes.put(key2, value2);
        return meters.attributes(attributes);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
