package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.ThrottleHeaders;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** An engine on a manual clock with the deployments a test names, and raw requests to it. */
final class EngineFixture {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String KEY = "key";
    static final String TOKEN = "token";
    static final String TOKEN_WITHOUT_ROLE = "token-without-role";

    final ManualClock clock = new ManualClock(T0);
    final FaultQueue faults = new FaultQueue();
    final List<JournalEntry> journal = new ArrayList<>();
    final SimulatorEngine engine;

    EngineFixture(Deployment... deployments) {
        this(settings -> settings, deployments);
    }

    EngineFixture(UnaryOperator<SimulatorSettings> adjust, Deployment... deployments) {
        Map<String, Deployment> byName = new LinkedHashMap<>();
        for (Deployment deployment : deployments) {
            byName.put(deployment.name(), deployment);
        }
        SimulatorSettings settings = new SimulatorSettings(Set.of(KEY), Set.of(TOKEN), Set.of(TOKEN_WITHOUT_ROLE),
            byName, 8, "Sweden Central", Latency.fixed(Duration.ZERO), 0, clock, ApiVersions.DEFAULT,
            ThrottleHeaders.RETRY_AFTER_AND_MS, false, 3, Duration.ofMillis(30));
        this.engine = new SimulatorEngine(adjust.apply(settings), faults, journal::add);
    }

    static SimulatorSettings with(SimulatorSettings s, ThrottleHeaders headers, boolean limitHeaders) {
        return new SimulatorSettings(s.apiKeys(), s.bearerTokens(), s.tokensWithoutRole(), s.deployments(),
            s.embeddingDimensions(), s.region(), s.latency(), s.port(), s.clock(), s.apiVersions(), headers,
            limitHeaders, s.streamChunks(), s.streamSpread());
    }

    static SimulatorSettings with(SimulatorSettings s, Latency latency) {
        return new SimulatorSettings(s.apiKeys(), s.bearerTokens(), s.tokensWithoutRole(), s.deployments(),
            s.embeddingDimensions(), s.region(), latency, s.port(), s.clock(), s.apiVersions(), s.throttleHeaders(),
            s.limitHeaders(), s.streamChunks(), s.streamSpread());
    }

    SimulatorResponse embeddings(String deployment, String body) {
        return post("/openai/deployments/" + deployment + "/embeddings?api-version=2024-06-01", body);
    }

    SimulatorResponse chat(String deployment, String body) {
        return post("/openai/deployments/" + deployment + "/chat/completions?api-version=2024-06-01", body);
    }

    SimulatorResponse post(String url, String body) {
        return engine.handle(new SimulatorRequest("POST", url, Map.of("api-key", List.of(KEY)), body));
    }

    SimulatorResponse postWithToken(String url, String body, String token) {
        return engine.handle(new SimulatorRequest("POST", url, Map.of("authorization", List.of("Bearer " + token)),
            body));
    }

    static String chatBody(boolean stream) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + (stream ? ",\"stream\":true" : "") + "}";
    }
}
