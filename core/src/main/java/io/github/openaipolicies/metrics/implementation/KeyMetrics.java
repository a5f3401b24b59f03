// Licensed under the MIT License.
package io.github.openaipolicies.metrics.implementation;

import io.github.openaipolicies.retry.implementation.RetryDecision;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The instruments of one quota key. Each attribute set is bound once, when it is first recorded with, so a sink sees
 * only the sets in use and recording later costs a lookup and the sink's own work. Exists only while metrics are
 * enabled.
 */
public final class KeyMetrics {
    private static final String[] STATUS_CLASSES = {"2xx", "4xx", "5xx", "other", "error"};
    private static final int ERROR = 4;
    /** The key of an instrument recorded with the key's attributes alone. */
    private static final String BASE = "";

    private final PipelineInstruments instruments;
    private final Map<String, Object> base;
    private final Bindings<Integer, LongConsumer> attempts;
    private final Bindings<String, LongConsumer> retries;
    private final Bindings<String, DoubleConsumer> serverDelay;
    private final Bindings<CallStop, LongConsumer> stops;
    private final Bindings<String, DoubleConsumer> holds;
    private final Bindings<String, LongConsumer> waiting;
    private final Bindings<String, LongConsumer> deduplicated;
    private final Bindings<String, LongConsumer> refused;

    KeyMetrics(PipelineInstruments instruments, Map<String, Object> base) {
        this.instruments = instruments;
        this.base = base;
        attempts = new Bindings<>(slot -> instruments.attempts.bind(with(MetricNames.STATUS_CLASS,
            STATUS_CLASSES[slot / 2], MetricNames.RETRY, slot % 2 == 1)));
        retries = new Bindings<>(reason -> instruments.retries.bind(
            with(MetricNames.REASON, MetricNames.lowerCase(reason))));
        serverDelay = new Bindings<>(none -> instruments.serverDelay.bind(base));
        stops = new Bindings<>(stop -> instruments.callsStopped.bind(with(MetricNames.REASON, stop.attributeValue())));
        holds = new Bindings<>(reason -> instruments.gateHold.bind(
            with(MetricNames.REASON, MetricNames.lowerCase(reason))));
        waiting = new Bindings<>(none -> instruments.gateWaiting.bind(base));
        deduplicated = new Bindings<>(header -> instruments.credentialsDeduplicated.bind(
            with(MetricNames.HEADER, MetricNames.lowerCase(header))));
        refused = new Bindings<>(header -> instruments.credentialsRefused.bind(
            with(MetricNames.HEADER, MetricNames.lowerCase(header))));
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
        attempts.get(statusClass * 2 + (retry ? 1 : 0)).accept(1);
    }

    /**
     * Counts an attempt that ended in an exception.
     *
     * @param retry whether the attempt was a retry
     */
    public void attemptFailed(boolean retry) {
        attempts.get(ERROR * 2 + (retry ? 1 : 0)).accept(1);
    }

    /**
     * Counts a retry, and records the delay waited when the server asked for it.
     *
     * @param reason the name of the retry's reason ({@code RetryReason}, such as {@code RETRYABLE_STATUS}); the
     * attribute is its lower-case form
     * @param serverDelay the wait, when it is the server's delay; null for a backoff delay
     */
    public void retry(String reason, Duration serverDelay) {
        retries.get(reason).accept(1);
        if (serverDelay != null) {
            this.serverDelay.get(BASE).accept(seconds(serverDelay));
        }
    }

    /**
     * Counts a call a limit stopped.
     *
     * @param stop why
     */
    public void stopped(CallStop stop) {
        stops.get(stop).accept(1);
    }

    /**
     * Records what the retry decided after an attempt, the same way in every adapter: a retry (with the delay waited
     * when the server asked for it, none for a backoff delay), or the stop of a call a limit stopped.
     *
     * @param decision the retry's decision
     */
    public void decided(RetryDecision decision) {
        if (decision.shouldRetry()) {
            retry(decision.reason().name(), RetryDecision.BACKOFF.equals(decision.delaySource()) ? null
                : decision.delay());
            return;
        }
        CallStop stop = CallStop.ofRetryReason(decision.reason().name());
        if (stop != null) {
            stopped(stop);
        }
    }

    /**
     * Records how long an admitted attempt was held in the gate.
     *
     * @param held the time held, zero when it went at once
     * @param reason the name of why it was held ({@code ThrottleHoldReason}, such as {@code REQUESTS_AT_ZERO}); the
     * attribute is its lower-case form
     */
    public void held(Duration held, String reason) {
        holds.get(reason).accept(seconds(held));
    }

    /**
     * Changes the number of attempts waiting in the gate.
     *
     * @param delta +1 when an attempt starts waiting, -1 when it stops
     */
    public void waiting(long delta) {
        waiting.get(BASE).accept(delta);
    }

    /**
     * Counts an attempt whose credential header carried identical values (collapsed to one) or different ones
     * (refused).
     *
     * @param header the header's name, lower case (such as {@code api-key})
     * @param refused true when the attempt was refused
     */
    public void credential(String header, boolean refused) {
        (refused ? this.refused : deduplicated).get(header).accept(1);
    }

    private Map<String, Object> with(String key, Object value) {
        Map<String, Object> attributes = new LinkedHashMap<>(base);
        attributes.put(key, value);
        return Collections.unmodifiableMap(attributes);
    }

    private Map<String, Object> with(String key1, Object value1, String key2, Object value2) {
        Map<String, Object> attributes = new LinkedHashMap<>(base);
        attributes.put(key1, value1);
        attributes.put(key2, value2);
        return Collections.unmodifiableMap(attributes);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** One instrument's bindings, by what distinguishes their attribute sets; each is bound once, on first use. */
    private static final class Bindings<K, B> {
        private final ConcurrentMap<K, B> bound = new ConcurrentHashMap<>();
        private final Function<K, B> bind;

        Bindings(Function<K, B> bind) {
            this.bind = bind;
        }

        B get(K key) {
            return bound.computeIfAbsent(key, bind);
        }
    }
}
