package io.github.openaipolicies.testkit.implementation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.Quota;
import io.github.openaipolicies.testkit.ThrottleHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** api-version, PermissionDenied, 429 header styles, limit headers, content filtering, streams and latency. */
class AzureAnswersTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EMBEDDINGS = "/openai/deployments/emb/embeddings";
    private static final String INPUT = "{\"input\":\"abcd\"}";

    private final EngineFixture fixture = new EngineFixture(
        Deployment.embeddings("emb", "text-embedding-3-small").withQuota(Quota.azure(1_000)),
        Deployment.chat("gpt", "gpt-4o"));

    @Test
    void aMissingApiVersionIsNotFoundAndAnUnknownOneABadRequest() throws Exception {
        SimulatorResponse missing = fixture.post(EMBEDDINGS, INPUT);
        SimulatorResponse unknown = fixture.post(EMBEDDINGS + "?api-version=2099-01-01", INPUT);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).at("/error/message").asText()).isEqualTo("Resource not found");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(json(unknown).at("/error/code").asText()).isEqualTo("BadRequest");
        assertThat(json(unknown).at("/error/message").asText()).isEqualTo("API version not supported");
        assertThat(fixture.post(EMBEDDINGS + "?api-version=2024-10-21", INPUT).status()).isEqualTo(200);
    }

    @Test
    void theKnownVersionsCanBeConfigured() {
        EngineFixture narrow = new EngineFixture(s -> new SimulatorSettings(s.apiKeys(), s.bearerTokens(),
            s.tokensWithoutRole(), s.deployments(), s.embeddingDimensions(), s.region(), s.latency(), s.port(),
            s.clock(), java.util.Set.of("1999-01-01"), s.throttleHeaders(), s.limitHeaders(), s.streamChunks(),
            s.streamSpread()), Deployment.of("emb"));

        assertThat(narrow.post(EMBEDDINGS + "?api-version=1999-01-01", INPUT).status()).isEqualTo(200);
        assertThat(narrow.post(EMBEDDINGS + "?api-version=2024-06-01", INPUT).status()).isEqualTo(400);
    }

    @Test
    void aTokenWithoutTheRoleIsPermissionDenied() throws Exception {
        SimulatorResponse denied = fixture.postWithToken(EMBEDDINGS + "?api-version=2024-06-01", INPUT,
            EngineFixture.TOKEN_WITHOUT_ROLE);

        assertThat(denied.status()).isEqualTo(401);
        assertThat(json(denied).at("/error/code").asText()).isEqualTo("PermissionDenied");
        assertThat(json(denied).at("/error/message").asText())
            .isEqualTo("Principal does not have access to API/Operation.");
        assertThat(fixture.postWithToken(EMBEDDINGS + "?api-version=2024-06-01", INPUT, EngineFixture.TOKEN)
            .status()).isEqualTo(200);
    }

    @Test
    void regionIsWrittenAsAzureWritesIt() {
        assertThat(fixture.embeddings("emb", INPUT).header("x-ms-region")).isEqualTo("Sweden Central");
    }

    @Test
    void theAzureProfileReportsTheTenSecondRequestWindowAndTheTokenMinute() {
        SimulatorResponse first = fixture.embeddings("emb", INPUT);
        SimulatorResponse refused = fixture.embeddings("emb", INPUT);

        assertThat(first.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(first.header("x-ratelimit-remaining-tokens")).isEqualTo("999");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("retry-after")).isEqualTo("10");
        assertThat(refused.header("retry-after-ms")).isEqualTo("10000");
        assertThat(fixture.chat("gpt", EngineFixture.chatBody(false)).header("x-ratelimit-remaining-requests"))
            .as("an unlimited deployment claims no remaining count").isNull();
    }

    @ParameterizedTest
    @EnumSource(ThrottleHeaders.class)
    void quotaRefusalsCarryTheConfiguredDelayHeaders(ThrottleHeaders style) {
        EngineFixture messy = new EngineFixture(s -> EngineFixture.with(s, style, false),
            Deployment.of("emb").withQuota(Quota.azure(1_000)));
        messy.embeddings("emb", INPUT);
        messy.clock.advance(Duration.ofMillis(2_500));

        SimulatorResponse refused = messy.embeddings("emb", INPUT);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(delayHeaders(refused)).containsExactlyElementsOf(switch (style) {
            case RETRY_AFTER_AND_MS -> List.of(Map.entry("retry-after", "8"), Map.entry("retry-after-ms", "7500"));
            case RETRY_AFTER_SECONDS_ONLY -> List.of(Map.entry("retry-after", "8"));
            case RESET_TOKENS_ONLY -> List.of(Map.entry("x-ratelimit-reset-tokens", "8"),
                Map.entry("policy-id", "DeploymentRatelimit-Token"));
            case MISSPELT_RESET_TOKENS_ONLY -> List.of(Map.entry("x-rate-limit-reset-tokens", "8"),
                Map.entry("policy-id", "DeploymentRatelimit-Token"));
            case NONE -> List.<Map.Entry<String, String>>of();
        });
        assertThat(refused.body()).contains("exceeded call rate limit", "Please retry after 8 seconds");
    }

    @Test
    void limitAndResetHeadersAreSentWhenAskedFor() {
        EngineFixture withLimits = new EngineFixture(s -> EngineFixture.with(s, ThrottleHeaders.RETRY_AFTER_AND_MS,
            true), Deployment.of("emb").withQuota(Quota.azure(6_000)));
        withLimits.embeddings("emb", INPUT);
        withLimits.clock.advance(Duration.ofMillis(1_500));

        SimulatorResponse second = withLimits.embeddings("emb", INPUT);

        assertThat(second.header("x-ratelimit-limit-requests")).isEqualTo("6");
        assertThat(second.header("x-ratelimit-limit-tokens")).isEqualTo("6000");
        assertThat(second.header("x-ratelimit-reset-requests")).isEqualTo("9");
        assertThat(second.header("x-ratelimit-reset-tokens")).isEqualTo("59");
        assertThat(fixture.embeddings("emb", INPUT).header("x-ratelimit-limit-requests")).as("off by default").isNull();
    }

    @Test
    void chatAnswersCarryPromptFilterResults() throws Exception {
        JsonNode answer = json(fixture.chat("gpt", EngineFixture.chatBody(false)));

        assertThat(answer.at("/prompt_filter_results/0/content_filter_results/hate/filtered").asBoolean(true))
            .isFalse();
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void contentFilterFaultsAnswer400OrAFilteredChoice() throws Exception {
        fixture.faults.add(null, Fault.contentFilter(), 1);
        fixture.faults.add(null, Fault.contentFilteredCompletion(), 1);

        SimulatorResponse refused = fixture.chat("gpt", EngineFixture.chatBody(false));
        SimulatorResponse filtered = fixture.chat("gpt", EngineFixture.chatBody(false));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("content_filter");
        assertThat(json(refused).at("/error/innererror/code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
        assertThat(filtered.status()).isEqualTo(200);
        assertThat(json(filtered).at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
    }

    @Test
    void aStreamedChatIsServerSentEventsSentInPiecesWithoutALength() {
        SimulatorResponse stream = fixture.chat("gpt", EngineFixture.chatBody(true));

        assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
        assertThat(stream.body()).startsWith("data: {").endsWith("data: [DONE]\n\n");
        assertThat(stream.body().split("\n\n")).allSatisfy(event -> assertThat(event).startsWith("data: "));
        assertThat(stream.pacing()).isEqualTo(new SimulatorResponse.Pacing(3, Duration.ofMillis(30), -1));
        assertThat(fixture.journal.get(0).answerTime()).isEqualTo(Duration.ofMillis(30));
    }

    @Test
    void aBrokenOffStreamSendsItsFirstEventsAndDeclaresMoreThanItSends() {
        fixture.faults.add(null, Fault.breakOff(), 1);

        SimulatorResponse broken = fixture.chat("gpt", EngineFixture.chatBody(true));

        assertThat(broken.status()).isEqualTo(200);
        assertThat(broken.body()).startsWith("data: {").doesNotContain("[DONE]");
        assertThat(broken.pacing().declaredLength()).isEqualTo(1 << 20);
    }

    @Test
    void randomLatencyIsSeededAndWithinItsRange() {
        List<Duration> first = latencies(42);
        List<Duration> again = latencies(42);

        assertThat(first).isEqualTo(again);
        assertThat(first).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(10), Duration.ofMillis(50)));
        assertThat(first.stream().distinct().count()).as("draws vary").isGreaterThan(5);
    }

    private static List<Duration> latencies(long seed) {
        EngineFixture slow = new EngineFixture(s -> EngineFixture.with(s, new Latency(Duration.ofMillis(10),
            Duration.ofMillis(50), seed)), Deployment.of("emb"));
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            delays.add(slow.embeddings("emb", INPUT).delay());
        }
        return delays;
    }

    private static List<Map.Entry<String, String>> delayHeaders(SimulatorResponse response) {
        return response.headers().stream().filter(h -> List.of("retry-after", "retry-after-ms",
            "x-ratelimit-reset-tokens", "x-rate-limit-reset-tokens", "policy-id").contains(h.getKey())).toList();
    }

    private static JsonNode json(SimulatorResponse response) throws Exception {
        return MAPPER.readTree(response.body());
    }
}
