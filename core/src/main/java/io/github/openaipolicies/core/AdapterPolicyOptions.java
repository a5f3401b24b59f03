// Licensed under the MIT License.
package io.github.openaipolicies.core;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.retry.RetryAfterOptions;

import java.util.Objects;

/**
 * The four options every adapter gives every call: the retry ({@link RetryAfterOptions}), the throttle gate
 * ({@link ThrottleGate#shared()} by default; null for none), the attempt log line ({@link AttemptLoggingOptions})
 * and where the metrics go ({@link PipelineMetricsSink}, none by default). Each adapter's options class is a final
 * subclass, so the fluent setters return that class.
 *
 * @param <T> the adapter's options class, returned by the fluent setters
 */
public abstract class AdapterPolicyOptions<T extends AdapterPolicyOptions<T>> {
    private RetryAfterOptions retryOptions = new RetryAfterOptions();
    private ThrottleGate throttleGate = ThrottleGate.shared();
    private AttemptLoggingOptions loggingOptions = new AttemptLoggingOptions();
    private PipelineMetricsSink metricsSink = PipelineMetricsSink.NONE;

    /** Creates the defaults: default retry, the JVM-wide gate, attempt lines at INFO and WARN, no metrics. */
    protected AdapterPolicyOptions() {
    }

    /**
     * Copies other options (the retry and logging options are copied too; the gate and the metrics sink are
     * shared).
     *
     * @param other the options to copy
     * @throws NullPointerException if {@code other} is null
     */
    protected AdapterPolicyOptions(AdapterPolicyOptions<?> other) {
        Objects.requireNonNull(other, "'other' cannot be null.");
        this.retryOptions = new RetryAfterOptions(other.retryOptions);
        this.throttleGate = other.throttleGate;
        this.loggingOptions = new AttemptLoggingOptions(other.loggingOptions);
        this.metricsSink = other.metricsSink;
    }

    /**
     * The retry of every call.
     *
     * @return the retry options
     */
    public RetryAfterOptions getRetryOptions() {
        return retryOptions;
    }

    /**
     * Sets the retry of every call.
     *
     * @param retryOptions the retry options, validated when the adapter is made
     * @return these options
     * @throws NullPointerException if {@code retryOptions} is null
     */
    public T setRetryOptions(RetryAfterOptions retryOptions) {
        this.retryOptions = Objects.requireNonNull(retryOptions, "'retryOptions' cannot be null.");
        return self();
    }

    /**
     * The gate every attempt asks before it is sent.
     *
     * @return the gate, or null for none
     */
    public ThrottleGate getThrottleGate() {
        return throttleGate;
    }

    /**
     * Sets the gate every attempt asks before it is sent: {@link ThrottleGate#shared()} (the default) to share one
     * view of each deployment's quota with every client of the JVM, a gate of your own, or a shared-store gate
     * such as {@code RedisThrottleGate} for many processes.
     *
     * @param throttleGate the gate, or null for none
     * @return these options
     */
    public T setThrottleGate(ThrottleGate throttleGate) {
        this.throttleGate = throttleGate;
        return self();
    }

    /**
     * The attempt log line.
     *
     * @return the logging options
     */
    public AttemptLoggingOptions getLoggingOptions() {
        return loggingOptions;
    }

    /**
     * Sets the attempt log line.
     *
     * @param loggingOptions the logging options
     * @return these options
     * @throws NullPointerException if {@code loggingOptions} is null
     */
    public T setLoggingOptions(AttemptLoggingOptions loggingOptions) {
        this.loggingOptions = Objects.requireNonNull(loggingOptions, "'loggingOptions' cannot be null.");
        return self();
    }

    /**
     * Where the calls' metrics go.
     *
     * @return the sink; {@link PipelineMetricsSink#NONE} (the default) records nothing
     */
    public PipelineMetricsSink getMetricsSink() {
        return metricsSink;
    }

    /**
     * Sets where the calls' metrics go: the same instruments, names, units and attributes as the azure-core
     * policies record ({@code docs/metrics.md}): attempts, retries, server delays, calls stopped, time held and
     * attempts waiting in the gate, credential headers collapsed or refused. For Micrometer:
     * {@code new MicrometerMetricsSink(meterRegistry)} (artifact {@code openai-pipeline-micrometer}).
     *
     * @param metricsSink the sink; {@link PipelineMetricsSink#NONE} records nothing and costs nothing
     * @return these options
     * @throws NullPointerException if {@code metricsSink} is null
     */
    public T setMetricsSink(PipelineMetricsSink metricsSink) {
        this.metricsSink = Objects.requireNonNull(metricsSink, "'metricsSink' cannot be null.");
        return self();
    }

    /**
     * The options as text, named after the adapter's options class: the metrics sink by its class's simple name,
     * {@code none} for {@link PipelineMetricsSink#NONE}.
     *
     * @return the options as text
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "{retryOptions=" + retryOptions + ", throttleGate=" + throttleGate
            + ", loggingOptions=" + loggingOptions + ", metricsSink="
            + (metricsSink == PipelineMetricsSink.NONE ? "none" : metricsSink.getClass().getSimpleName()) + "}";
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }
}
