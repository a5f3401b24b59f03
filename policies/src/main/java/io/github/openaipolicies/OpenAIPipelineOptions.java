// Licensed under the MIT License.
package io.github.openaipolicies;

import java.util.Objects;

/**
 * Everything the pipeline helpers put in, in one place: the options of {@link RetryAfterPolicy} and
 * {@link RequestLoggingPolicy}, and the {@link ThrottleGate} every attempt asks ({@code null}: no gate).
 *
 * <p>Defaults: {@code new RetryAfterOptions()}, {@code new RequestLoggingOptions()} and {@link ThrottleGate#shared()},
 * so clients built separately in one JVM share one view of each deployment's quota. Mutable and fluent, in the style
 * of azure-core's options classes.</p>
 */
public final class OpenAIPipelineOptions {
    private RetryAfterOptions retryOptions = new RetryAfterOptions();
    private RequestLoggingOptions loggingOptions = new RequestLoggingOptions();
    private ThrottleGate throttleGate = ThrottleGate.shared();

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
}
