package io.github.openaipolicies.testkit.implementation;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable configuration of a running simulator.
 *
 * @param apiKeys keys accepted in {@code api-key}
 * @param bearerTokens tokens accepted in {@code Authorization: Bearer}
 * @param deployments deployment names and their limits
 * @param window the quota window length
 * @param embeddingDimensions the default embedding length
 * @param region the value of {@code x-ms-region}
 * @param latency the delay added to every answer
 * @param port the HTTPS port, 0 for dynamic
 * @param clock the clock for arrival times and quota windows
 */
public record SimulatorSettings(Set<String> apiKeys, Set<String> bearerTokens, Map<String, DeploymentLimits> deployments,
                                Duration window, int embeddingDimensions, String region, Duration latency, int port,
                                Clock clock) {

    /**
     * Copies the collections.
     *
     * @param apiKeys not null
     * @param bearerTokens not null
     * @param deployments not null
     * @param window not null
     * @param embeddingDimensions positive
     * @param region not null
     * @param latency not null
     * @param port from 0 to 65535
     * @param clock not null
     */
    public SimulatorSettings {
        apiKeys = Set.copyOf(apiKeys);
        bearerTokens = Set.copyOf(bearerTokens);
        deployments = Map.copyOf(deployments);
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(clock, "clock");
    }
}
