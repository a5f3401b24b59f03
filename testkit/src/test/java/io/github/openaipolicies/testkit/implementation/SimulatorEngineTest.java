package io.github.openaipolicies.testkit.implementation;

import com.azure.ai.openai.models.Embeddings;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorEngineTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String KEY = "key";
    private static final String TOKEN = "token";
    private static final String EMBEDDINGS = "/openai/deployments/emb/embeddings?api-version=2024-06-01";
    private static final String CHAT = "/openai/deployments/emb/chat/completions?api-version=2024-06-01";
    private static final String INPUT = "{\"input\":\"abcdefgh\"}";

    private final ManualClock clock = new ManualClock(T0);
    private final FaultQueue faults = new FaultQueue();
    private final List<JournalEntry> journal = new ArrayList<>();
    private final SimulatorEngine engine = new SimulatorEngine(new SimulatorSettings(Set.of(KEY), Set.of(TOKEN),
        Map.of("emb", new DeploymentLimits(2, 0), "tok", new DeploymentLimits(0, 10)), Duration.ofSeconds(1), 8,
        "westeurope", Duration.ZERO, 0, clock), faults, journal::add);

    @Test
    void answersEmbeddingsWithCommonHeadersAndRecordsTheRequest() throws Exception {
        SimulatorResponse response = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));

        assertThat(response.status()).isEqualTo(200);
        assertThat(UUID.fromString(response.header("apim-request-id"))).isNotNull();
        assertThat(response.header("x-ms-region")).isEqualTo("westeurope");
        assertThat(response.header("x-ratelimit-remaining-requests")).isEqualTo("1");
        assertThat(response.header("x-ratelimit-remaining-tokens")).as("an unlimited dimension claims nothing").isNull();
        Embeddings embeddings = parseEmbeddings(response.body());
        assertThat(embeddings.getData().get(0).getEmbedding()).hasSize(8);
        assertThat(embeddings.getUsage().getPromptTokens()).isEqualTo(2);
        assertThat(journal).containsExactly(new JournalEntry("emb", Operation.EMBEDDINGS, 200,
            Map.of("api-key", 1), T0, INPUT, EMBEDDINGS));
    }

    @Test
    void sameInputGivesTheSameEmbeddingAcrossRequests() {
        String first = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).body();
        String second = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).body();

        assertThat(first).isEqualTo(second);
    }

    @Test
    void requestedDimensionsAndBase64AreHonoured() throws Exception {
        String body = "{\"input\":[\"a\",\"b\"],\"dimensions\":4,\"encoding_format\":\"base64\"}";
        String json = engine.handle(post(EMBEDDINGS, body, "api-key", KEY)).body();

        assertThat(json).contains("\"embedding\":\"");
        Embeddings embeddings = parseEmbeddings(json);
        assertThat(embeddings.getData()).hasSize(2);
        assertThat(embeddings.getData().get(1).getEmbedding()).hasSize(4);
    }

    @Test
    void duplicateCredentialsAreRefusedAndCounted() {
        SimulatorResponse twoLines = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY, "api-key", KEY));
        SimulatorResponse commaJoined = engine.handle(post(EMBEDDINGS, INPUT, "authorization",
            "Bearer token, Bearer token"));

        assertThat(twoLines.status()).isEqualTo(401);
        assertThat(twoLines.body()).contains("\"code\":\"401\"").contains("Access denied due to invalid subscription key");
        assertThat(twoLines.header("x-ms-region")).isEqualTo("westeurope");
        assertThat(commaJoined.status()).isEqualTo(401);
        assertThat(journal.get(0).apiKeyValueCount()).isEqualTo(2);
        assertThat(journal.get(1).authorizationValueCount()).isEqualTo(2);
    }

    @Test
    void bearerTokenIsAccepted() {
        assertThat(engine.handle(post(EMBEDDINGS, INPUT, "authorization", "Bearer token")).status()).isEqualTo(200);
    }

    @Test
    void credentialsAreCheckedBeforeTheDeployment() {
        String unknown = "/openai/deployments/nope/embeddings?api-version=2024-06-01";

        assertThat(engine.handle(post(unknown, INPUT, "api-key", "wrong")).status()).isEqualTo(401);
        SimulatorResponse notFound = engine.handle(post(unknown, INPUT, "api-key", KEY));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.body()).contains("DeploymentNotFound");
        assertThat(notFound.header("apim-request-id")).isNotNull();
    }

    @Test
    void unknownOperationIsNotFound() {
        SimulatorResponse response = engine.handle(new SimulatorRequest("GET", "/openai/models",
            Map.of("api-key", List.of(KEY)), ""));

        assertThat(response.status()).isEqualTo(404);
        assertThat(journal.get(0).operation()).isEqualTo(Operation.UNKNOWN);
    }

    @Test
    void invalidBodyIsBadRequest() {
        assertThat(engine.handle(post(EMBEDDINGS, "not json", "api-key", KEY)).status()).isEqualTo(400);
        assertThat(engine.handle(post(EMBEDDINGS, "{}", "api-key", KEY)).status()).isEqualTo(400);
        assertThat(engine.handle(post(CHAT, "{\"messages\":[]}", "api-key", KEY)).status()).isEqualTo(400);
    }

    @Test
    void overTheRequestLimitAnswers429WithRetryHeadersAndAzureBody() {
        engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));
        clock.advance(Duration.ofMillis(300));
        engine.handle(post(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "api-key", KEY));
        clock.advance(Duration.ofMillis(100));
        SimulatorResponse throttled = engine.handle(post(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "api-key", KEY));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("retry-after")).isEqualTo("1");
        assertThat(throttled.header("retry-after-ms")).isEqualTo("600");
        assertThat(throttled.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(throttled.header("apim-request-id")).isNotNull();
        assertThat(throttled.body()).contains("\"code\":\"429\"", "ChatCompletions_Create", "2024-06-01",
            "exceeded call rate limit", "Please retry after 1 seconds");
        clock.advance(Duration.ofMillis(600));
        assertThat(engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).status()).isEqualTo(200);
    }

    @Test
    void overTheTokenLimitSaysTokenRateLimit() {
        String tok = "/openai/deployments/tok/embeddings?api-version=2024-06-01";
        assertThat(engine.handle(post(tok, "{\"input\":\"" + "x".repeat(32) + "\"}", "api-key", KEY)).status())
            .isEqualTo(200);
        SimulatorResponse throttled = engine.handle(post(tok, "{\"input\":\"" + "x".repeat(12) + "\"}",
            "api-key", KEY));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("x-ratelimit-remaining-tokens")).isEqualTo("2");
        assertThat(throttled.body()).contains("Embeddings_Create", "exceeded token rate limit");
    }

    @Test
    void chatChargesMaxTokens() {
        String tok = "/openai/deployments/tok/chat/completions?api-version=2024-06-01";
        SimulatorResponse response = engine.handle(post(tok,
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":9}", "api-key", KEY));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-ratelimit-remaining-tokens")).isEqualTo("0");
    }

    @Test
    void statusFaultsAnswerInsteadAndConsumeNoQuota() {
        faults.add(null, Fault.status(503).withHeader("x-extra", "1"), 2);

        SimulatorResponse first = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));
        engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.header("x-extra")).isEqualTo("1");
        assertThat(first.header("apim-request-id")).isNotNull();
        assertThat(engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).header("x-ratelimit-remaining-requests"))
            .isEqualTo("1");
    }

    @Test
    void faultsDoNotEatRefusedCredentialsOrUnknownDeployments() {
        faults.add(null, Fault.status(500), 1);

        assertThat(engine.handle(post(EMBEDDINGS, INPUT, "api-key", "wrong")).status()).isEqualTo(401);
        assertThat(engine.handle(post("/openai/deployments/nope/embeddings", INPUT, "api-key", KEY)).status())
            .isEqualTo(404);
        assertThat(engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).status()).isEqualTo(500);
    }

    @Test
    void faultHeadersReplaceCommonHeadersOfTheSameName() {
        faults.add(null, Fault.status(429).withHeader("X-Ms-Region", "nowhere"), 1);

        SimulatorResponse response = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));

        assertThat(response.headers()).filteredOn(h -> h.getKey().equalsIgnoreCase("x-ms-region"))
            .containsExactly(Map.entry("X-Ms-Region", "nowhere"));
    }

    @Test
    void deploymentFaultsApplyToThatDeploymentOnly() {
        faults.add("tok", Fault.status(500), 1);

        assertThat(engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).status()).isEqualTo(200);
        assertThat(engine.handle(post("/openai/deployments/tok/embeddings?api-version=2024-06-01", INPUT, "api-key",
            KEY)).status()).isEqualTo(500);
    }

    @Test
    void connectionResetIsJournaledWithStatusZero() {
        faults.add(null, Fault.connectionReset(), 1);

        SimulatorResponse response = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));

        assertThat(response.connectionReset()).isTrue();
        assertThat(journal.get(0).status()).isZero();
    }

    @Test
    void delayFaultDelaysTheNormalAnswer() {
        faults.add(null, Fault.delay(Duration.ofSeconds(5)), 1);

        SimulatorResponse response = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).delay()).isZero();
    }

    @Test
    void configuredLatencyDelaysEveryAnswerAndAddsToADelayFault() {
        SimulatorEngine slow = new SimulatorEngine(new SimulatorSettings(Set.of(KEY), Set.of(), Map.of("emb",
            DeploymentLimits.UNLIMITED), Duration.ofSeconds(1), 8, "r", Duration.ofMillis(250), 0, clock), faults,
            journal::add);
        faults.add(null, Fault.delay(Duration.ofSeconds(1)), 1);

        assertThat(slow.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).delay()).isEqualTo(Duration.ofMillis(1_250));
        assertThat(slow.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).delay()).isEqualTo(Duration.ofMillis(250));
        assertThat(slow.handle(post(EMBEDDINGS, INPUT, "api-key", "wrong")).delay()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void httpDateRetryAfterIsComputedFromTheClock() {
        faults.add(null, Fault.tooManyRequestsWithHttpDate(Duration.ofSeconds(30)), 1);

        SimulatorResponse response = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("Thu, 1 Jan 2026 00:00:30 GMT");
    }

    @Test
    void httpDateRetryAfterIsRoundedUpSoItNeverAnnouncesLessThanTheDelay() {
        clock.advance(Duration.ofMillis(400));
        faults.add(null, Fault.tooManyRequestsWithHttpDate(Duration.ofSeconds(30)), 1);

        SimulatorResponse response = engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));

        assertThat(response.header("Retry-After")).isEqualTo("Thu, 1 Jan 2026 00:00:31 GMT");
    }

    @Test
    void openAIShapeTakesTheDeploymentFromTheModel() {
        SimulatorResponse ok = engine.handle(post("/v1/embeddings", "{\"model\":\"emb\",\"input\":\"a\"}",
            "authorization", "Bearer key"));
        SimulatorResponse unknown = engine.handle(post("/v1/embeddings", "{\"model\":\"nope\",\"input\":\"a\"}",
            "authorization", "Bearer key"));
        SimulatorResponse noModel = engine.handle(post("/v1/embeddings", "{\"input\":\"a\"}",
            "authorization", "Bearer key"));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(journal.get(0).deployment()).isEqualTo("emb");
        assertThat(journal.get(0).operation()).isEqualTo(Operation.OPENAI_EMBEDDINGS);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("model_not_found");
        assertThat(noModel.status()).isEqualTo(400);
    }

    @Test
    void resetQuotasForgetsCharges() {
        engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));
        engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY));
        engine.resetQuotas();

        assertThat(engine.handle(post(EMBEDDINGS, INPUT, "api-key", KEY)).status()).isEqualTo(200);
    }

    private static SimulatorRequest post(String url, String body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.computeIfAbsent(headerPairs[i], k -> new ArrayList<>()).add(headerPairs[i + 1]);
        }
        return new SimulatorRequest("POST", url, headers, body);
    }

    private static Embeddings parseEmbeddings(String json) throws Exception {
        try (JsonReader reader = JsonProviders.createReader(json)) {
            return Embeddings.fromJson(reader);
        }
    }
}
