// Licensed under the MIT License.
package io.github.openaipolicies.gate;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link ThrottleGate}'s permission for one attempt to go, and how long and why the attempt was held first.
 *
 * <p>Whoever receives it owns it and reports what came of the attempt with {@link ThrottleGate#report}, exactly
 * once, on every path (response, error, cancellation, never sent). An admission that was decided but never received
 * (its future was cancelled first, see {@link ThrottleGate#acquire}) is withdrawn by the gate itself. An admission nobody reports is taken back by the
 * gate at the end of its lease (its call's deadline plus a margin); a report after that is ignored.</p>
 *
 * <p>A gate may subclass this type to carry its own bookkeeping from admission to report; it is an immutable
 * value, safe to hand between threads. The azure-core adapter's {@code ThrottleGatePolicy} puts the admission of the
 * current attempt in the pipeline context under {@code ThrottleGatePolicy.ADMISSION_CONTEXT_KEY}.</p>
 */
public class ThrottleAdmission {
    private final String quotaKey;
    private final long cost;
    private final Duration held;
    private final ThrottleHoldReason reason;

    /**
     * Creates an admission.
     *
     * @param quotaKey the quota key the attempt draws on
     * @param cost the attempt's estimated tokens
     * @param held how long the attempt waited in the gate, zero when it went at once
     * @param reason why it waited, {@link ThrottleHoldReason#NONE} when it did not
     * @throws NullPointerException if a value is null
     */
    public ThrottleAdmission(String quotaKey, long cost, Duration held, ThrottleHoldReason reason) {
        this.quotaKey = Objects.requireNonNull(quotaKey, "'quotaKey' cannot be null.");
        this.cost = cost;
        this.held = Objects.requireNonNull(held, "'held' cannot be null.");
        this.reason = Objects.requireNonNull(reason, "'reason' cannot be null.");
    }

    /**
     * The quota key the attempt draws on.
     *
     * @return the quota key
     */
    public final String getQuotaKey() {
        return quotaKey;
    }

    /**
     * The attempt's estimated tokens.
     *
     * @return the cost
     */
    public final long getCost() {
        return cost;
    }

    /**
     * How long the attempt waited in the gate.
     *
     * @return the time held, zero when it went at once
     */
    public final Duration getHeld() {
        return held;
    }

    /**
     * Why the attempt waited.
     *
     * @return the reason, {@link ThrottleHoldReason#NONE} when it went at once
     */
    public final ThrottleHoldReason getReason() {
        return reason;
    }

    /**
     * Whether the attempt waited at all.
     *
     * @return true when held for a positive time
     */
    public final boolean wasHeld() {
        return reason != ThrottleHoldReason.NONE;
    }

    /**
     * For log lines: {@code "not held"} or {@code "held 1200 ms (after 429)"}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return wasHeld() ? "held " + held.toMillis() + " ms (" + reason.description() + ")" : reason.description();
    }
}
