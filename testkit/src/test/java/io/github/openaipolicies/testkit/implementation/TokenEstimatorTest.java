package io.github.openaipolicies.testkit.implementation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenEstimatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void textCostsAQuarterTokenPerCharacterRoundedUpAndAtLeastOne() {
        assertThat(TokenEstimator.text("")).isEqualTo(1);
        assertThat(TokenEstimator.text("abcd")).isEqualTo(1);
        assertThat(TokenEstimator.text("abcde")).isEqualTo(2);
        assertThat(TokenEstimator.text("x".repeat(400))).isEqualTo(100);
    }

    @Test
    void embeddingsInputMayBeAStringOrAnArrayOfStrings() throws Exception {
        assertThat(TokenEstimator.embeddingsInput(json("\"abcdefgh\""))).isEqualTo(2);
        assertThat(TokenEstimator.embeddingsInput(json("[\"abcdefgh\", \"abc\", \"\"]"))).isEqualTo(4);
    }

    @Test
    void tokenArraysCostOneTokenPerId() throws Exception {
        assertThat(TokenEstimator.embeddingsInput(json("[1, 2, 3]"))).isEqualTo(3);
        assertThat(TokenEstimator.embeddingsInput(json("[[1, 2], [3, 4, 5]]"))).isEqualTo(5);
    }

    @Test
    void missingOrEmptyInputCostsNothing() throws Exception {
        assertThat(TokenEstimator.embeddingsInput(null)).isZero();
        assertThat(TokenEstimator.embeddingsInput(json("[]"))).isZero();
    }

    @Test
    void chatPromptSumsTheMessagesText() throws Exception {
        JsonNode body = json("{\"messages\":[{\"role\":\"system\",\"content\":\"abcdefgh\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"abcd\"},{\"type\":\"image_url\"}]}]}");
        assertThat(TokenEstimator.chatPrompt(body)).isEqualTo(3);
    }

    @Test
    void chatCompletionBudgetIsMaxTokensWhenGiven() throws Exception {
        assertThat(TokenEstimator.chatCompletionBudget(json("{\"max_tokens\": 50}"))).isEqualTo(50);
        assertThat(TokenEstimator.chatCompletionBudget(json("{\"max_completion_tokens\": 70}"))).isEqualTo(70);
        assertThat(TokenEstimator.chatCompletionBudget(json("{}"))).isZero();
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }
}
