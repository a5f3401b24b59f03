// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import java.time.Instant;
import java.util.Objects;

/**
 * When the current call started and when its overall budget ends, as the retry records them for the call (azure-core's
 * {@code RetryAfterPolicy} in the pipeline context), so that per-attempt steps (the throttle gate) order attempts by
 * call age and keep their waits inside the call's timeout.
 *
 * @param start when the call started
 * @param deadline when the call's overall timeout ends
 */
public record CallBudget(Instant start, Instant deadline) {
    /** The key under which an adapter records the call's budget in its per-call context. */
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
}
