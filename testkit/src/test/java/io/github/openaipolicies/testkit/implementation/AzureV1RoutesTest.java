package io.github.openaipolicies.testkit.implementation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;
import io.github.openaipolicies.testkit.Quota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Azure OpenAI's unified v1 routes, {@code POST /openai/v1/embeddings} and {@code /openai/v1/chat/completions}, with
 * hand-made requests: Azure's credential rules, the deployment from the body's {@code model}, an optional
 * {@code api-version}, and the same quota, headers, faults and journal as the deployments routes.
 */
class AzureV1RoutesTest {
    private static final String EMBEDDINGS = "/openai/v1/embeddings";
    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String EMB_INPUT = "{\"model\":\"emb\",\"input\":\"abcdefgh\"}";
    private static final String GPT_CHAT = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    // 1,000 TPM: 6 RPM, 1 request per 10 s window
    private final EngineFixture fixture = new EngineFixture(
        Deployment.embeddings("emb", "text-embedding-3-small").withQuota(Quota.azure(1_000)),
        Deployment.chat("gpt", "gpt-4o"));

    @Test
    void embeddingsTakeTheDeploymentFromTheModelWithAnApiKeyAndNoApiVersion() {
        SimulatorResponse response = send(EMBEDDINGS, EMB_INPUT, "api-key", EngineFixture.KEY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"object\":\"list\"").contains("\"model\":\"text-embedding-3-small\"");
        assertThat(fixture.journal).singleElement().satisfies(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_EMBEDDINGS);
            assertThat(entry.deployment()).isEqualTo("emb");
            assertThat(entry.path()).isEqualTo(EMBEDDINGS);
            assertThat(entry.apiKeyValueCount()).isEqualTo(1);
        });
    }

    @Test
    void chatCompletionsTakeTheDeploymentFromTheModelWithABearerToken() {
        SimulatorResponse response = send(CHAT, GPT_CHAT, "authorization", "Bearer " + EngineFixture.TOKEN);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"object\":\"chat.completion\"").contains("\"model\":\"gpt-4o\"");
        assertThat(fixture.journal).singleElement().satisfies(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_CHAT_COMPLETIONS);
            assertThat(entry.deployment()).isEqualTo("gpt");
        });
    }

    @Test
    void aStreamedChatCompletionIsAnEventStream() {
        SimulatorResponse response = send(CHAT, GPT_CHAT.replace("}]}", "}],\"stream\":true}"), "api-key",
            EngineFixture.KEY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/event-stream");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void anApiKeySentAsABearerTokenIsRefusedAsOnAzure() {
        // on /v1 (api.openai.com's shape) a key travels as a bearer token; on Azure's routes, v1 included, it does not
        SimulatorResponse response = send(EMBEDDINGS, EMB_INPUT, "authorization", "Bearer " + EngineFixture.KEY);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"401\"").contains("Access denied due to invalid subscription key");
    }

    @Test
    void aMissingOrWrongCredentialIsRefused() {
        assertThat(send(EMBEDDINGS, EMB_INPUT).status()).isEqualTo(401);
        assertThat(send(EMBEDDINGS, EMB_INPUT, "api-key", "wrong").status()).isEqualTo(401);
        assertThat(send(EMBEDDINGS, EMB_INPUT, "authorization", "Bearer wrong").status()).isEqualTo(401);
    }

    @Test
    void everyDuplicateCredentialIsRefusedAndCounted() {
        String key = EngineFixture.KEY;
        String bearer = "Bearer " + EngineFixture.TOKEN;

        assertThat(send(EMBEDDINGS, EMB_INPUT, "api-key", key, "api-key", key).status()).isEqualTo(401);
        assertThat(send(EMBEDDINGS, EMB_INPUT, "api-key", key + ", " + key).status()).isEqualTo(401);
        assertThat(send(EMBEDDINGS, EMB_INPUT, "authorization", bearer, "authorization", bearer).status())
            .isEqualTo(401);
        assertThat(send(EMBEDDINGS, EMB_INPUT, "authorization", bearer + ", " + bearer).status()).isEqualTo(401);
        assertThat(fixture.journal).extracting(JournalEntry::apiKeyValueCount).containsExactly(2, 2, 0, 0);
        assertThat(fixture.journal).extracting(JournalEntry::authorizationValueCount).containsExactly(0, 0, 2, 2);
    }

    @Test
    void aTokenWithoutTheRoleIsPermissionDenied() {
        SimulatorResponse response = send(EMBEDDINGS, EMB_INPUT, "authorization",
            "Bearer " + EngineFixture.TOKEN_WITHOUT_ROLE);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).contains("PermissionDenied");
    }

    @ParameterizedTest
    @ValueSource(strings = {"?api-version=v1", "?api-version=preview", "?api-version=2024-06-01"})
    void anApiVersionIsOptionalAndMayBeV1PreviewOrAKnownOne(String query) {
        assertThat(send(EMBEDDINGS + query, EMB_INPUT, "api-key", EngineFixture.KEY).status()).isEqualTo(200);
    }

    @Test
    void anUnknownApiVersionIsABadRequest() {
        SimulatorResponse response = send(EMBEDDINGS + "?api-version=2099-01-01", EMB_INPUT, "api-key",
            EngineFixture.KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("API version not supported");
    }

    @Test
    void theDeploymentsRoutesStillNeedAnApiVersionAndTakeNeitherV1NorPreview() {
        String path = "/openai/deployments/emb/embeddings";

        assertThat(send(path, "{\"input\":\"a\"}", "api-key", EngineFixture.KEY).status()).isEqualTo(404);
        assertThat(send(path + "?api-version=v1", "{\"input\":\"a\"}", "api-key", EngineFixture.KEY).status())
            .isEqualTo(400);
        assertThat(send(path + "?api-version=preview", "{\"input\":\"a\"}", "api-key", EngineFixture.KEY).status())
            .isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"input\":\"a\"}", "{\"model\":\"\",\"input\":\"a\"}", "{\"model\":7,\"input\":\"a\"}",
        "not json"})
    void aMissingModelIsABadRequestInAzuresShape(String body) {
        SimulatorResponse response = send(EMBEDDINGS, body, "api-key", EngineFixture.KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"BadRequest\"").contains("model");
        assertThat(fixture.journal).singleElement().satisfies(entry -> {
            assertThat(entry.deployment()).isNull();
            assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_EMBEDDINGS);
        });
    }

    @Test
    void anUnknownModelIsDeploymentNotFound() {
        SimulatorResponse response = send(EMBEDDINGS, "{\"model\":\"nope\",\"input\":\"a\"}", "api-key",
            EngineFixture.KEY);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"DeploymentNotFound\"");
        assertThat(fixture.journal).singleElement().satisfies(entry -> assertThat(entry.deployment()).isEqualTo("nope"));
    }

    @Test
    void credentialsAreCheckedBeforeTheModel() {
        assertThat(send(EMBEDDINGS, "{\"model\":\"nope\",\"input\":\"a\"}", "api-key", "wrong").status())
            .isEqualTo(401);
        assertThat(send(EMBEDDINGS, "{\"input\":\"a\"}", "api-key", "wrong").status()).isEqualTo(401);
    }

    @Test
    void aDeploymentThatDoesNotServeTheOperationAnswersOperationNotSupported() {
        SimulatorResponse response = send(EMBEDDINGS, "{\"model\":\"gpt\",\"input\":\"a\"}", "api-key",
            EngineFixture.KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"OperationNotSupported\"");
    }

    @Test
    void anInvalidBodyIsABadRequestInAzuresShape() {
        SimulatorResponse response = send(CHAT, "{\"model\":\"gpt\",\"messages\":[]}", "api-key", EngineFixture.KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"BadRequest\"").contains("'messages'");
    }

    @Test
    void theQuotaThrottlesWithAzuresBodyAndHeaders() {
        SimulatorResponse first = send(EMBEDDINGS, EMB_INPUT, "api-key", EngineFixture.KEY);
        SimulatorResponse second = send(EMBEDDINGS, EMB_INPUT, "api-key", EngineFixture.KEY);
        fixture.clock.advance(Quota.AZURE_REQUEST_WINDOW);
        SimulatorResponse third = send(EMBEDDINGS, EMB_INPUT, "api-key", EngineFixture.KEY);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(first.header("x-ratelimit-remaining-tokens")).isEqualTo("998");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.body()).contains("Requests to the Embeddings_Create Operation under Azure OpenAI API "
            + "version v1 have exceeded call rate limit");
        assertThat(second.header("retry-after")).isEqualTo("10");
        assertThat(second.header("retry-after-ms")).isEqualTo("10000");
        assertThat(third.status()).isEqualTo(200);
        assertThat(fixture.journal).extracting(JournalEntry::status).containsExactly(200, 429, 200);
        assertThat(fixture.journal).extracting(JournalEntry::deployment).containsOnly("emb");
    }

    @Test
    void aThrottledRequestNamesItsApiVersionWhenItSentOne() {
        send(EMBEDDINGS, EMB_INPUT, "api-key", EngineFixture.KEY);

        assertThat(send(EMBEDDINGS + "?api-version=preview", EMB_INPUT, "api-key", EngineFixture.KEY).body())
            .contains("under Azure OpenAI API version preview have exceeded");
    }

    @Test
    void everyAnswerCarriesApimRequestIdAndRegion() {
        List<SimulatorResponse> answers = List.of(
            send(EMBEDDINGS, EMB_INPUT, "api-key", EngineFixture.KEY),
            send(EMBEDDINGS, EMB_INPUT, "api-key", EngineFixture.KEY),
            send(EMBEDDINGS, EMB_INPUT),
            send(EMBEDDINGS, "{\"model\":\"nope\",\"input\":\"a\"}", "api-key", EngineFixture.KEY));

        assertThat(answers).extracting(SimulatorResponse::status).containsExactly(200, 429, 401, 404);
        for (SimulatorResponse answer : answers) {
            assertThat(UUID.fromString(answer.header("apim-request-id"))).isNotNull();
            assertThat(answer.header("x-ms-region")).isEqualTo("Sweden Central");
        }
    }

    @Test
    void aFaultForTheDeploymentNamedInTheModelIsPlayedAndJournalled() {
        Fault fault = Fault.status(503);
        fixture.faults.add("gpt", fault, 1);

        SimulatorResponse toOther = send(EMBEDDINGS, EMB_INPUT, "api-key", EngineFixture.KEY);
        SimulatorResponse faulted = send(CHAT, GPT_CHAT, "api-key", EngineFixture.KEY);
        SimulatorResponse after = send(CHAT, GPT_CHAT, "api-key", EngineFixture.KEY);

        assertThat(toOther.status()).isEqualTo(200);
        assertThat(faulted.status()).isEqualTo(503);
        assertThat(after.status()).isEqualTo(200);
        assertThat(fixture.journal.get(1).fault()).isSameAs(fault);
        assertThat(fixture.journal.get(1).deployment()).isEqualTo("gpt");
    }

    @Test
    void aTooManyRequestsFaultCarriesItsDelayHeaders() {
        fixture.faults.add(null, Fault.tooManyRequests(Duration.ofSeconds(30)), 1);

        SimulatorResponse response = send(CHAT, GPT_CHAT, "api-key", EngineFixture.KEY);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("retry-after")).isEqualTo("30");
    }

    private SimulatorResponse send(String url, String body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.computeIfAbsent(headerPairs[i], k -> new ArrayList<>()).add(headerPairs[i + 1]);
        }
        return fixture.engine.handle(new SimulatorRequest("POST", url, headers, body));
    }
}
