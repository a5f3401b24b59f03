package io.github.openaipolicies.testkit.implementation;

import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.CompletionsFinishReason;
import com.azure.ai.openai.models.Embeddings;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseBodiesTest {
    private static final float[] FIRST = {0.6f, 0.8f};
    private static final float[] SECOND = {1.0f, 0.0f};

    @Test
    void floatEmbeddingsParseWithAzureAiOpenAi() throws Exception {
        Embeddings embeddings = parseEmbeddings(ResponseBodies.embeddings("emb", List.of(FIRST, SECOND), false, 7));

        assertThat(embeddings.getData()).hasSize(2);
        assertThat(embeddings.getData().get(0).getPromptIndex()).isZero();
        assertThat(embeddings.getData().get(0).getEmbedding()).containsExactly(0.6f, 0.8f);
        assertThat(embeddings.getData().get(1).getPromptIndex()).isEqualTo(1);
        assertThat(embeddings.getUsage().getPromptTokens()).isEqualTo(7);
        assertThat(embeddings.getUsage().getTotalTokens()).isEqualTo(7);
    }

    @Test
    void base64EmbeddingsParseWithAzureAiOpenAi() throws Exception {
        String json = ResponseBodies.embeddings("emb", List.of(FIRST), true, 3);
        Embeddings embeddings = parseEmbeddings(json);

        assertThat(json).doesNotContain("[0.6");
        assertThat(embeddings.getData().get(0).getEmbedding()).containsExactly(0.6f, 0.8f);
    }

    @Test
    void chatCompletionsParseWithAzureAiOpenAi() throws Exception {
        Instant created = Instant.parse("2026-01-02T03:04:05Z");
        ChatCompletions completions;
        try (JsonReader reader = JsonProviders.createReader(ResponseBodies.chatCompletions("gpt", created, 12))) {
            completions = ChatCompletions.fromJson(reader);
        }

        assertThat(completions.getId()).startsWith("chatcmpl-");
        assertThat(completions.getCreatedAt()).isEqualTo(created.atOffset(ZoneOffset.UTC));
        assertThat(completions.getModel()).isEqualTo("gpt");
        assertThat(completions.getChoices()).hasSize(1);
        assertThat(completions.getChoices().get(0).getFinishReason()).isEqualTo(CompletionsFinishReason.STOPPED);
        assertThat(completions.getChoices().get(0).getMessage().getContent()).isEqualTo(ResponseBodies.CHAT_REPLY);
        int completionTokens = TokenEstimator.text(ResponseBodies.CHAT_REPLY);
        assertThat(completions.getUsage().getPromptTokens()).isEqualTo(12);
        assertThat(completions.getUsage().getCompletionTokens()).isEqualTo(completionTokens);
        assertThat(completions.getUsage().getTotalTokens()).isEqualTo(12 + completionTokens);
    }

    @Test
    void azureErrorHasCodeAndMessage() {
        assertThat(ResponseBodies.azureError("429", "slow \"down\""))
            .isEqualTo("{\"error\":{\"code\":\"429\",\"message\":\"slow \\\"down\\\"\"}}");
    }

    @Test
    void openAIErrorHasMessageTypeParamAndCode() {
        assertThat(ResponseBodies.openAIError("tokens", "rate_limit_exceeded", "m"))
            .isEqualTo("{\"error\":{\"message\":\"m\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
    }

    private static Embeddings parseEmbeddings(String json) throws Exception {
        try (JsonReader reader = JsonProviders.createReader(json)) {
            return Embeddings.fromJson(reader);
        }
    }
}
