// Licensed under the MIT License.
package io.github.openaipolicies.okhttp;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.retry.RetryAfterOptions;

import java.util.Objects;

/**
 * What {@link OpenAIPolicyInterceptor} gives every call: the retry ({@link RetryAfterOptions}), the throttle gate
 * ({@link ThrottleGate#shared()} by default; null for none), the attempt log line ({@link AttemptLoggingOptions})
 * and where the metrics go ({@link PipelineMetricsSink#NONE} by default). The options are copied when an interceptor
 * is made: changing them later changes no interceptor.
 *
 * <pre>{@code
 * OkHttpPolicyOptions options = new OkHttpPolicyOptions()
 *     .setRetryOptions(new RetryAfterOptions().setMaxRetries(10))
 *     .setThrottleGate(RedisThrottleGate.create(redisOptions));
 * }</pre>
 */
public final class OkHttpPolicyOptions {
    private RetryAfterOptions retryOptions = new RetryAfterOptions();
    private ThrottleGate throttleGate = ThrottleGate.shared();
    private AttemptLoggingOptions loggingOptions = new AttemptLoggingOptions();
    private PipelineMetricsSink metricsSink = PipelineMetricsSink.NONE;

    /** Creates the defaults: default retry, the JVM-wide gate, attempt lines at INFO and WARN, no metrics. */
    public OkHttpPolicyOptions() {
    }

    /**
     * Copies other options (the retry and logging options are copied too; the gate and the sink are shared).
     *
     * @param other the options to copy
     * @throws NullPointerException if {@code other} is null
     */
    public OkHttpPolicyOptions(OkHttpPolicyOptions other) {
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
     * @param retryOptions the retry options, validated when an interceptor is made
     * @return these options
     * @throws NullPointerException if {@code retryOptions} is null
     */
    public OkHttpPolicyOptions setRetryOptions(RetryAfterOptions retryOptions) {
        this.retryOptions = Objects.requireNonNull(retryOptions, "'retryOptions' cannot be null.");
        return this;
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
    public OkHttpPolicyOptions setThrottleGate(ThrottleGate throttleGate) {
        this.throttleGate = throttleGate;
        return this;
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
    public OkHttpPolicyOptions setLoggingOptions(AttemptLoggingOptions loggingOptions) {
        this.loggingOptions = Objects.requireNonNull(loggingOptions, "'loggingOptions' cannot be null.");
        return this;
    }

    /**
     * Where the metrics of every call go.
     *
     * @return the sink, {@link PipelineMetricsSink#NONE} when nothing is recorded
     */
    public PipelineMetricsSink getMetricsSink() {
        return metricsSink;
    }

    /**
     * Sets where the metrics of every call go (the instruments of {@code docs/metrics.md}): a bridge to Micrometer's
     * {@code MeterRegistry}, to OpenTelemetry, or {@link PipelineMetricsSink#NONE} (the default) for none.
     *
     * @param metricsSink the sink
     * @return these options
     * @throws NullPointerException if {@code metricsSink} is null (use {@link PipelineMetricsSink#NONE})
     */
    public OkHttpPolicyOptions setMetricsSink(PipelineMetricsSink metricsSink) {
        this.metricsSink = Objects.requireNonNull(metricsSink, "'metricsSink' cannot be null.");
        return this;
    }

    @Override
    public String toString() {
        return "OkHttpPolicyOptions{retryOptions=" + retryOptions + ", throttleGate=" + throttleGate
            + ", loggingOptions=" + loggingOptions + ", metricsSink=" + metricsSink + "}";
    }
}
