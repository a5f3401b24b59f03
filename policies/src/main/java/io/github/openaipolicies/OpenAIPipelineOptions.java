// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.util.MetricsOptions;
import io.github.openaipolicies.gate.ThrottleGate;

import io.github.openaipolicies.retry.RetryAfterOptions;
import java.util.Objects;

/**
 * Everything the pipeline helpers put in, in one place: the options of {@link RetryAfterPolicy} and
 * {@link RequestLoggingPolicy}, the {@link ThrottleGate} every attempt asks ({@code null}: no gate), and the
 * metrics options of the policies.
 *
 * <p>Defaults: {@code new RetryAfterOptions()}, {@code new RequestLoggingOptions()} and {@link ThrottleGate#shared()},
 * so clients built separately in one JVM share one view of each deployment's quota, and azure-core's
 * {@code new MetricsOptions()} (metrics on, to azure-core's default provider). Mutable and fluent, in the style
 * of azure-core's options classes.</p>
 */
public final class OpenAIPipelineOptions {
    private RetryAfterOptions retryOptions = new RetryAfterOptions();
    private RequestLoggingOptions loggingOptions = new RequestLoggingOptions();
    private ThrottleGate throttleGate = ThrottleGate.shared();
    private MetricsOptions metricsOptions = new MetricsOptions();

    /**
     * Creates options with the defaults listed in the class description.
     */
    public OpenAIPipelineOptions() {
    }

    /**
     * The options of the {@link RetryAfterPolicy}.
     *
     * @return the retry options
     */
    public RetryAfterOptions getRetryOptions() {
        return retryOptions;
    }

    /**
     * Sets the options of the {@link RetryAfterPolicy}.
     *
     * @param retryOptions the retry options
     * @return these options
     * @throws NullPointerException if {@code retryOptions} is null
     */
    public OpenAIPipelineOptions setRetryOptions(RetryAfterOptions retryOptions) {
        this.retryOptions = Objects.requireNonNull(retryOptions, "'retryOptions' cannot be null.");
        return this;
    }

    /**
     * The options of the {@link RequestLoggingPolicy}.
     *
     * @return the logging options
     */
    public RequestLoggingOptions getLoggingOptions() {
        return loggingOptions;
    }

    /**
     * Sets the options of the {@link RequestLoggingPolicy}.
     *
     * @param loggingOptions the logging options
     * @return these options
     * @throws NullPointerException if {@code loggingOptions} is null
     */
    public OpenAIPipelineOptions setLoggingOptions(RequestLoggingOptions loggingOptions) {
        this.loggingOptions = Objects.requireNonNull(loggingOptions, "'loggingOptions' cannot be null.");
        return this;
    }

    /**
     * The gate every attempt asks.
     *
     * @return the gate, or null when there is none
     */
    public ThrottleGate getThrottleGate() {
        return throttleGate;
    }

    /**
     * Sets the gate every attempt asks through a {@link ThrottleGatePolicy}. {@link ThrottleGate#shared()} has default
     * options (its {@code maxRetryAfter} is 60 s, as {@link RetryAfterOptions}' default): with another
     * {@link RetryAfterOptions#setMaxRetryAfter maxRetryAfter}, pass a gate created with the same value.
     *
     * @param throttleGate the gate, or null for none
     * @return these options
     */
    public OpenAIPipelineOptions setThrottleGate(ThrottleGate throttleGate) {
        this.throttleGate = throttleGate;
        return this;
    }

    /**
     * The metrics options of this library's policies.
     *
     * @return the metrics options
     */
    public MetricsOptions getMetricsOptions() {
        return metricsOptions;
    }

    /**
     * Sets the metrics options every policy the helpers put in gets ({@link RetryAfterPolicy},
     * {@link ThrottleGatePolicy}, {@link DedupeAuthPolicy}); see {@code docs/metrics.md}. By default (azure-core's
     * {@code new MetricsOptions()}) metrics are on and go to azure-core's default {@code MeterProvider}, and cost
     * nothing when there is none on the class path. {@code setEnabled(false)} turns them off;
     * {@link PipelineMetricsOptions} names a provider instance.
     *
     * @param metricsOptions the metrics options
     * @return these options
     * @throws NullPointerException if {@code metricsOptions} is null
     */
    public OpenAIPipelineOptions setMetricsOptions(MetricsOptions metricsOptions) {
        this.metricsOptions = Objects.requireNonNull(metricsOptions, "'metricsOptions' cannot be null.");
        return this;
    }
}
