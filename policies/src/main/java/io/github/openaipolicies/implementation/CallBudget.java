// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpPipelineCallContext;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When the current call started and when its overall budget ends, as {@code RetryAfterPolicy} records them in the
 * pipeline context, so that per-attempt policies (the throttle gate) order attempts by call age and keep their waits
 * inside the call's timeout.
 *
 * @param start when the call started
 * @param deadline when the call's overall timeout ends
 */
public record CallBudget(Instant start, Instant deadline) {
    /** Context key under which {@code RetryAfterPolicy} records the call's budget. */
    public static final String CALL_BUDGET_KEY = "io.github.openaipolicies.callBudget";

    /**
     * Checks that nothing is null.
     *
     * @param start when the call started
     * @param deadline when the call's overall timeout ends
     */
    public CallBudget {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * Records the call's budget.
     *
     * @param context the call context
     * @param budget the budget
     */
    public static void record(HttpPipelineCallContext context, CallBudget budget) {
        context.setData(CALL_BUDGET_KEY, budget);
    }

    /**
     * The call's budget, if a {@code RetryAfterPolicy} recorded one.
     *
     * @param context the call context
     * @return the budget, or empty
     */
    public static Optional<CallBudget> recorded(HttpPipelineCallContext context) {
        return context.getData(CALL_BUDGET_KEY).filter(CallBudget.class::isInstance).map(CallBudget.class::cast);
    }
}
