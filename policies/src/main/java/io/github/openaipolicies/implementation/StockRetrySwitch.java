// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.client.traits.HttpTrait;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.logging.ClientLogger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * Turns a client builder's own retry off, the quietest way the builder allows:
 * <ol>
 *     <li>a builder with a public {@code retryPolicy(RetryPolicy)} or {@code retryPolicy(HttpPipelinePolicy)} method
 *     (OpenAI, Key Vault, Identity, Service Bus administration) gets a {@link PassThroughRetryPolicy}, which tries
 *     once and logs nothing;</li>
 *     <li>any other builder (Storage) gets {@code retryOptions(...)} with zero retries and a 1 ms delay: no retry,
 *     and a delay that builders refusing a zero delay (Storage's {@code RequestRetryOptions}) accept.</li>
 * </ol>
 */
public final class StockRetrySwitch {
    private static final ClientLogger LOGGER = new ClientLogger(StockRetrySwitch.class);

    /** The delay of the zero-retry options; never waited, but Storage refuses a zero delay. */
    static final Duration UNUSED_DELAY = Duration.ofMillis(1);

    private StockRetrySwitch() {
    }

    /**
     * Turns the builder's own retry off.
     *
     * @param builder the client builder
     */
    public static void turnOff(HttpTrait<?> builder) {
        Method retryPolicy = retryPolicySetter(builder.getClass());
        if (retryPolicy != null && setPassThrough(builder, retryPolicy)) {
            return;
        }
        builder.retryOptions(zeroRetryOptions());
    }

    /**
     * Retry options that make a builder's stock retry try once and never retry.
     *
     * @return new options with zero retries
     */
    public static RetryOptions zeroRetryOptions() {
        return new RetryOptions(new FixedDelayOptions(0, UNUSED_DELAY));
    }

    private static Method retryPolicySetter(Class<?> builderClass) {
        for (Class<?> parameter : new Class<?>[] {RetryPolicy.class, HttpPipelinePolicy.class}) {
            try {
                return builderClass.getMethod("retryPolicy", parameter);
            } catch (NoSuchMethodException e) {
                // try the next parameter type
            }
        }
        return null;
    }

    private static boolean setPassThrough(HttpTrait<?> builder, Method retryPolicy) {
        try {
            retryPolicy.invoke(builder, new PassThroughRetryPolicy());
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            LOGGER.atVerbose()
                .addKeyValue("builder", builder.getClass().getName())
                .log("retryPolicy(...) could not be called; using zero-retry retryOptions instead.", e);
            return false;
        }
        clearRetryOptions(builder);
        return true;
    }

    /** Builders that refuse both retryPolicy and retryOptions at build time: forget options set earlier. */
    private static void clearRetryOptions(HttpTrait<?> builder) {
        try {
            builder.retryOptions(null);
        } catch (NullPointerException e) {
            LOGGER.atVerbose()
                .addKeyValue("builder", builder.getClass().getName())
                .log("retryOptions(null) refused; options set before install stay.");
        }
    }
}
