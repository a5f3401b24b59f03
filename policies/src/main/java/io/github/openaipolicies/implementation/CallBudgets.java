// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpPipelineCallContext;
import io.github.openaipolicies.retry.implementation.CallBudget;

import java.util.Optional;

/** Where {@code RetryAfterPolicy} records a call's {@link CallBudget}: the pipeline call context. */
public final class CallBudgets {
    private CallBudgets() {
    }

    /**
     * Records the call's budget.
     *
     * @param context the call context
     * @param budget the budget
     */
    public static void record(HttpPipelineCallContext context, CallBudget budget) {
        context.setData(CallBudget.CALL_BUDGET_KEY, budget);
    }

    /**
     * The call's budget, if a {@code RetryAfterPolicy} recorded one.
     *
     * @param context the call context
     * @return the budget, or empty
     */
    public static Optional<CallBudget> recorded(HttpPipelineCallContext context) {
        return context.getData(CallBudget.CALL_BUDGET_KEY).filter(CallBudget.class::isInstance)
            .map(CallBudget.class::cast);
    }
}
