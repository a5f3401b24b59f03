package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.Quota;

import java.time.Instant;

/**
 * The running quota of one deployment. Implementations are thread-safe, and a refused request is never charged.
 */
public interface DeploymentQuota {

    /**
     * Admits a request if it fits, and charges it.
     *
     * @param now the arrival time
     * @param tokens the request's estimated tokens
     * @return the decision with the remaining quota after it
     */
    QuotaDecision tryAcquire(Instant now, int tokens);

    /**
     * The remaining quota at a moment, without charging anything.
     *
     * @param now the moment
     * @return an admitted decision carrying the remaining counts
     */
    QuotaDecision peek(Instant now);

    /**
     * Forgets every charge.
     */
    void reset();

    /**
     * The running quota for a configured one.
     *
     * @param quota the configuration
     * @return a new, empty running quota
     */
    static DeploymentQuota of(Quota quota) {
        return switch (quota.profile()) {
            case UNLIMITED -> new QuotaWindow(DeploymentLimits.UNLIMITED, Quota.AZURE_REQUEST_WINDOW);
            case SLIDING_WINDOW, PROVISIONED -> new QuotaWindow(new DeploymentLimits(quota.requests(), quota.tokens()),
                quota.window());
            case AZURE -> new AzureQuota(quota.requestsPerTenSeconds(), quota.tokens());
        };
    }
}
