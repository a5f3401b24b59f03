// Licensed under the MIT License.
package io.github.openaipolicies.metrics.implementation;

/**
 * Why a call was stopped by a limit, the {@code reason} of {@code openai.pipeline.calls.stopped}.
 */
public enum CallStop {
    /** Every retry was used ({@code maxRetries}). */
    RETRIES_EXHAUSTED,
    /** The server asked for a delay above {@code maxRetryAfter}. */
    RETRY_AFTER_ABOVE_MAX,
    /** The next wait would have ended after the call's overall timeout. */
    TIMEOUT_BUDGET_EXCEEDED,
    /** A 429 with the error code {@code insufficient_quota}. */
    INSUFFICIENT_QUOTA,
    /** The throttle gate would have held the attempt past the call's deadline or its {@code maxWait}. */
    GATE_TIMEOUT;

    private final String attributeValue = MetricNames.lowerCase(name());

    /**
     * The stop a retry decision stands for, by the name of the decision's reason ({@code RetryReason}): the reasons
     * {@code RETRIES_EXHAUSTED}, {@code RETRY_AFTER_ABOVE_MAX}, {@code TIMEOUT_BUDGET_EXCEEDED} and
     * {@code INSUFFICIENT_QUOTA} are stops by a limit, every other reason is not.
     *
     * @param retryReason the name of the decision's reason
     * @return the stop, or null when the decision is not a stop by a limit
     */
    public static CallStop ofRetryReason(String retryReason) {
        return switch (retryReason) {
            case "RETRIES_EXHAUSTED" -> RETRIES_EXHAUSTED;
            case "RETRY_AFTER_ABOVE_MAX" -> RETRY_AFTER_ABOVE_MAX;
            case "TIMEOUT_BUDGET_EXCEEDED" -> TIMEOUT_BUDGET_EXCEEDED;
            case "INSUFFICIENT_QUOTA" -> INSUFFICIENT_QUOTA;
            default -> null;
        };
    }

    /**
     * The attribute value, e.g. {@code retries_exhausted}.
     *
     * @return the value
     */
    public String attributeValue() {
        return attributeValue;
    }
}
