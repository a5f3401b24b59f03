package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.Quota;
import io.github.openaipolicies.testkit.ThrottleHeaders;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable configuration of a running simulator.
 *
 * @param apiKeys keys accepted in {@code api-key}
 * @param bearerTokens tokens accepted in {@code Authorization: Bearer}
 * @param tokensWithoutRole accepted tokens whose principal lacks the role: answered 401 {@code PermissionDenied}
 * @param deployments deployments by name
 * @param embeddingDimensions the default embedding length
 * @param region the value of {@code x-ms-region}
 * @param latency the delay added to every answer
 * @param port the HTTPS port, 0 for dynamic
 * @param clock the clock for arrival times and quota windows
 * @param apiVersions the {@code api-version} values accepted on the Azure routes
 * @param throttleHeaders the delay headers of the quota's 429s
 * @param limitHeaders whether answers also carry {@code x-ratelimit-limit-*} and {@code x-ratelimit-reset-*}
 * @param remainingHeaders whether answers carry {@code x-ratelimit-remaining-*}
 * @param streamChunks how many pieces a streamed answer is sent in
 * @param streamSpread over how long a streamed answer is sent
 */
public record SimulatorSettings(Set<String> apiKeys, Set<String> bearerTokens, Set<String> tokensWithoutRole,
                                Map<String, Deployment> deployments, int embeddingDimensions, String region,
                                Latency latency, int port, Clock clock, Set<String> apiVersions,
                                ThrottleHeaders throttleHeaders, boolean limitHeaders, boolean remainingHeaders,
                                int streamChunks, Duration streamSpread) {

    /**
     * Copies the collections.
     *
     * @param apiKeys not null
     * @param bearerTokens not null
     * @param tokensWithoutRole not null
     * @param deployments not null
     * @param embeddingDimensions positive
     * @param region not null
     * @param latency not null
     * @param port from 0 to 65535
     * @param clock not null
     * @param apiVersions not null
     * @param throttleHeaders not null
     * @param limitHeaders whether to send limit and reset headers
     * @param remainingHeaders whether to send the remaining counters
     * @param streamChunks at least 1
     * @param streamSpread not null
     */
    public SimulatorSettings {
        apiKeys = Set.copyOf(apiKeys);
        bearerTokens = Set.copyOf(bearerTokens);
        tokensWithoutRole = Set.copyOf(tokensWithoutRole);
        deployments = Map.copyOf(deployments);
        apiVersions = Set.copyOf(apiVersions);
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(throttleHeaders, "throttleHeaders");
        Objects.requireNonNull(streamSpread, "streamSpread");
    }

    /**
     * Settings whose answers carry the remaining counters ({@code remainingHeaders} true).
     *
     * @param apiKeys not null
     * @param bearerTokens not null
     * @param tokensWithoutRole not null
     * @param deployments not null
     * @param embeddingDimensions positive
     * @param region not null
     * @param latency not null
     * @param port from 0 to 65535
     * @param clock not null
     * @param apiVersions not null
     * @param throttleHeaders not null
     * @param limitHeaders whether to send limit and reset headers
     * @param streamChunks at least 1
     * @param streamSpread not null
     */
    public SimulatorSettings(Set<String> apiKeys, Set<String> bearerTokens, Set<String> tokensWithoutRole,
                             Map<String, Deployment> deployments, int embeddingDimensions, String region,
                             Latency latency, int port, Clock clock, Set<String> apiVersions,
                             ThrottleHeaders throttleHeaders, boolean limitHeaders, int streamChunks,
                             Duration streamSpread) {
        this(apiKeys, bearerTokens, tokensWithoutRole, deployments, embeddingDimensions, region, latency, port, clock,
            apiVersions, throttleHeaders, limitHeaders, true, streamChunks, streamSpread);
    }

    /**
     * Settings with sliding-window deployments, every default otherwise (the api-versions of
     * {@link ApiVersions#DEFAULT}, Azure's usual 429 headers, streams in 4 pieces over 40 ms).
     *
     * @param apiKeys not null
     * @param bearerTokens not null
     * @param deployments deployment names and their limits per window
     * @param window the window of every deployment
     * @param embeddingDimensions positive
     * @param region not null
     * @param latency a fixed latency
     * @param port from 0 to 65535
     * @param clock not null
     */
    public SimulatorSettings(Set<String> apiKeys, Set<String> bearerTokens, Map<String, DeploymentLimits> deployments,
                             Duration window, int embeddingDimensions, String region, Duration latency, int port,
                             Clock clock) {
        this(apiKeys, bearerTokens, Set.of(), slidingWindows(deployments, window), embeddingDimensions, region,
            Latency.fixed(latency), port, clock, ApiVersions.DEFAULT, ThrottleHeaders.RETRY_AFTER_AND_MS, false, 4,
            Duration.ofMillis(40));
    }

    private static Map<String, Deployment> slidingWindows(Map<String, DeploymentLimits> limits, Duration window) {
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        limits.forEach((name, limit) -> deployments.put(name, Deployment.of(name).withQuota(
            limit.equals(DeploymentLimits.UNLIMITED) ? Quota.unlimited()
                : Quota.slidingWindow(limit.requestsPerWindow(), limit.tokensPerWindow(), window))));
        return deployments;
    }
}
