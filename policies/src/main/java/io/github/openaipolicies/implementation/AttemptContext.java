// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpLoggingPolicy;
import io.github.openaipolicies.retry.implementation.CallBudget;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code RetryAfterPolicy} records about the current call in the pipeline context: the attempt number of the
 * current try, and (through {@link CallBudget}) the call's deadline, when its overall {@code timeout} runs out, so
 * that a per-retry policy can read both.
 *
 * <p>{@code RetryAfterPolicy} records every attempt under its own key and under azure-core's
 * {@link HttpLoggingPolicy#RETRY_COUNT_CONTEXT}, so both our logger and the stock one print it. A stock
 * {@code RetryPolicy} left in the pipeline with retries off (as {@code OpenAIPipelines.install} leaves it) rewrites
 * azure-core's key to 1 on every try; per-retry policies of ours call {@link #restoreRetryCount} to put the real
 * attempt number back.</p>
 */
public final class AttemptContext {
    /** Context key under which {@code RetryAfterPolicy} records the attempt number (1 for the first try). */
    public static final String ATTEMPT_KEY = "io.github.openaipolicies.attempt";

    private AttemptContext() {
    }

    /**
     * Records the attempt number under both keys.
     *
     * @param context the call context
     * @param attempt the attempt number, 1 for the first try
     */
    public static void record(HttpPipelineCallContext context, int attempt) {
        context.setData(ATTEMPT_KEY, attempt);
        context.setData(HttpLoggingPolicy.RETRY_COUNT_CONTEXT, attempt);
    }

    /**
     * The attempt number recorded by {@code RetryAfterPolicy}, if one runs in this pipeline.
     *
     * @param context the call context
     * @return the attempt number, or empty
     */
    public static Optional<Integer> recorded(HttpPipelineCallContext context) {
        return context.getData(ATTEMPT_KEY).filter(Integer.class::isInstance).map(Integer.class::cast);
    }

    /**
     * The attempt number to report: ours when recorded, else azure-core's, else 1.
     *
     * @param context the call context
     * @return the attempt number, 1 for the first try
     */
    public static int current(HttpPipelineCallContext context) {
        return recorded(context).orElseGet(() -> context.getData(HttpLoggingPolicy.RETRY_COUNT_CONTEXT)
            .filter(Integer.class::isInstance).map(Integer.class::cast).orElse(1));
    }

    /**
     * Puts our attempt number back under azure-core's key, where a stock {@code RetryPolicy} overwrote it.
     *
     * @param context the call context
     */
    public static void restoreRetryCount(HttpPipelineCallContext context) {
        recorded(context).ifPresent(attempt -> context.setData(HttpLoggingPolicy.RETRY_COUNT_CONTEXT, attempt));
    }

    /**
     * The call's deadline recorded by {@code RetryAfterPolicy}, if one runs in this pipeline: no wait should end after
     * it.
     *
     * @param context the call context
     * @return the deadline, or empty
     */
    public static Optional<Instant> deadline(HttpPipelineCallContext context) {
        return CallBudgets.recorded(context).map(CallBudget::deadline);
    }
}
