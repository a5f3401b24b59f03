// Licensed under the MIT License.
package io.github.openaipolicies.gate;

import java.time.Duration;

/**
 * Thrown, or signalled, when an attempt would have to wait in a {@link ThrottleGate} past its deadline (the call's
 * overall timeout or the gate's {@code maxWait}). The call fails at once instead of waiting in vain.
 *
 * <p>It comes as soon as the wait would pass the deadline: at once when the end of the wait is known to come later
 * ({@link #getWait()} says how long it would have been), else when the deadline comes ({@link #getWait()} is null).
 * {@link ThrottleGate#acquire} completes its future exceptionally with it; {@link ThrottleGate#acquireSync} throws it on
 * the caller's thread, with the interrupt flag set again when an interrupt came at the same moment. No admission
 * goes with it: there is nothing to report.</p>
 */
public final class ThrottleGateTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The quota key. */
    private final String quotaKey;
    /** The wait that was needed, or null when unknown. */
    private final transient Duration wait;
    /** The wait that was allowed. */
    private final transient Duration allowed;

    /**
     * Creates the exception.
     *
     * @param quotaKey the quota key the attempt was waiting for
     * @param wait how long the attempt would have had to wait, or null when the end of the wait was unknown
     * @param allowed how long it was allowed to wait
     */
    public ThrottleGateTimeoutException(String quotaKey, Duration wait, Duration allowed) {
        super("The throttle gate for '" + quotaKey + "' "
            + (wait == null ? "did not admit the attempt" : "would hold the attempt for " + wait.toMillis() + " ms")
            + " within the " + allowed.toMillis() + " ms left before the call's deadline; the call was abandoned.");
        this.quotaKey = quotaKey;
        this.wait = wait;
        this.allowed = allowed;
    }

    /**
     * The quota key the attempt was waiting for.
     *
     * @return the quota key
     */
    public String getQuotaKey() {
        return quotaKey;
    }

    /**
     * How long the attempt would have had to wait.
     *
     * @return the wait, or null when its end was unknown (the call's deadline came first)
     */
    public Duration getWait() {
        return wait;
    }

    /**
     * How long the attempt was allowed to wait.
     *
     * @return the time left before the deadline when the wait began, or when its end became known
     */
    public Duration getAllowed() {
        return allowed;
    }
}
