package io.github.openaipolicies.testkit.implementation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.openaipolicies.testkit.Deployment;
import org.junit.jupiter.api.Test;

import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/** Azure's request limits and model rules, each answered with Azure's status and OpenAI's error shape. */
class RequestValidationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EngineFixture fixture = new EngineFixture(
        Deployment.embeddings("small", "text-embedding-3-small"),
        Deployment.embeddings("ada", "text-embedding-ada-002"),
        Deployment.chat("gpt", "gpt-4o"));

    @Test
    void moreThan2048InputsAreTooManyInputs() throws Exception {
        SimulatorResponse tooMany = fixture.embeddings("small", inputs(2_049, "a"));

        assertError(tooMany, 400, null, "invalid_request_error", "Too many inputs. The max number of inputs is 2048.");
        assertThat(fixture.embeddings("small", inputs(2_048, "a")).status()).isEqualTo(200);
    }

    @Test
    void anInputOver8191TokensExceedsTheContextLength() throws Exception {
        SimulatorResponse tooLong = fixture.embeddings("small", inputs(1, "x".repeat(80_000)));

        assertError(tooLong, 400, "context_length_exceeded", "invalid_request_error",
            "This model's maximum context length is 8191 tokens, however you requested 20000 tokens");
        assertThat(fixture.embeddings("small", inputs(1, "x".repeat(8_191 * 4))).status()).isEqualTo(200);
    }

    @Test
    void moreThan300000TokensPerRequestAreRefused() throws Exception {
        SimulatorResponse tooMuch = fixture.embeddings("small", inputs(40, "x".repeat(8_000 * 4)));

        assertError(tooMuch, 400, "max_tokens_per_request", "max_tokens_per_request",
            "Requested 320000 tokens, max 300000 tokens per request");
        assertThat(fixture.embeddings("small", inputs(37, "x".repeat(8_000 * 4))).status()).isEqualTo(200);
    }

    @Test
    void anEmptyInputIsInvalid() throws Exception {
        assertError(fixture.embeddings("small", "{\"input\":[\"a\",\"\"]}"), 400, null, "invalid_request_error",
            "'$.input' is invalid.");
        assertError(fixture.embeddings("small", "{\"input\":\"\"}"), 400, null, "invalid_request_error",
            "'$.input' is invalid.");
    }

    @Test
    void dimensionsOnlyForModelsThatTakeThem() throws Exception {
        assertError(fixture.embeddings("ada", "{\"input\":\"a\",\"dimensions\":4}"), 400, null,
            "invalid_request_error", "This model does not support specifying dimensions.");
        assertThat(fixture.embeddings("ada", "{\"input\":\"a\"}").status()).isEqualTo(200);
        assertThat(fixture.embeddings("small", "{\"input\":\"a\",\"dimensions\":4}").status()).isEqualTo(200);
    }

    @Test
    void embeddingsOnlyAndChatOnlyDeploymentsRefuseTheOtherOperation() throws Exception {
        SimulatorResponse chatOnEmbeddings = fixture.chat("ada", EngineFixture.chatBody(false));
        SimulatorResponse embeddingsOnChat = fixture.embeddings("gpt", "{\"input\":\"a\"}");

        assertThat(chatOnEmbeddings.status()).isEqualTo(400);
        assertThat(json(chatOnEmbeddings).at("/error/code").asText()).isEqualTo("OperationNotSupported");
        assertThat(json(chatOnEmbeddings).at("/error/message").asText())
            .startsWith("The chatCompletion operation does not work with the specified model, text-embedding-ada-002.");
        assertThat(json(embeddingsOnChat).at("/error/message").asText())
            .startsWith("The embeddings operation does not work with the specified model, gpt-4o.");
        assertThat(fixture.journal).extracting(e -> e.status()).containsExactly(400, 400);
    }

    @Test
    void answersNameTheModelNotTheDeployment() throws Exception {
        assertThat(json(fixture.embeddings("small", "{\"input\":\"a\"}")).get("model").asText())
            .isEqualTo("text-embedding-3-small");
        assertThat(json(fixture.chat("gpt", EngineFixture.chatBody(false))).get("model").asText()).isEqualTo("gpt-4o");
    }

    private static String inputs(int count, String text) {
        return "{\"input\":[" + String.join(",", Collections.nCopies(count, "\"" + text + "\"")) + "]}";
    }

    private static void assertError(SimulatorResponse response, int status, String code, String type,
                                    String messageStart) throws Exception {
        assertThat(response.status()).isEqualTo(status);
        JsonNode error = json(response).get("error");
        assertThat(error.get("message").asText()).startsWith(messageStart);
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.has("param")).as("OpenAI's shape has param").isTrue();
        assertThat(error.get("code").isNull() ? null : error.get("code").asText()).isEqualTo(code);
    }

    private static JsonNode json(SimulatorResponse response) throws Exception {
        return MAPPER.readTree(response.body());
    }
}
