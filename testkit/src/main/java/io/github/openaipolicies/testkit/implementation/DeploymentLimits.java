package io.github.openaipolicies.testkit.implementation;

/**
 * The quota of one deployment per window.
 *
 * @param requestsPerWindow requests admitted per window, 0 for unlimited
 * @param tokensPerWindow estimated tokens admitted per window, 0 for unlimited
 */
public record DeploymentLimits(int requestsPerWindow, int tokensPerWindow) {

    /** A deployment without limits. */
    public static final DeploymentLimits UNLIMITED = new DeploymentLimits(0, 0);

    /**
     * Validates the limits.
     *
     * @param requestsPerWindow not negative
     * @param tokensPerWindow not negative
     */
    public DeploymentLimits {
        if (requestsPerWindow < 0) {
            throw new IllegalArgumentException("requestsPerWindow must be >= 0, was " + requestsPerWindow);
        }
        if (tokensPerWindow < 0) {
            throw new IllegalArgumentException("tokensPerWindow must be >= 0, was " + tokensPerWindow);
        }
    }
}
