package io.github.openaipolicies.testkit.implementation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Estimates the tokens a request uses, the way the simulator counts them against a deployment's token quota.
 *
 * <ul>
 *   <li>A text costs {@code ceil(characters / 4)} tokens, at least 1 (so {@code ""} costs 1).</li>
 *   <li>Embeddings: the sum over the inputs; {@code input} may be a string, an array of strings, an array of token
 *       ids (each id costs 1) or an array of such arrays.</li>
 *   <li>Chat completions: the prompt is the sum over the messages' text content (a string, or the {@code text} of
 *       content parts); the quota charge adds {@code max_tokens} (or {@code max_completion_tokens}) when given, as
 *       Azure OpenAI reserves the completion budget up front.</li>
 * </ul>
 */
public final class TokenEstimator {
    private TokenEstimator() {
    }

    /**
     * The estimate for one text.
     *
     * @param text the text
     * @return {@code max(1, ceil(length / 4))}
     */
    public static int text(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    /**
     * The estimate for an embeddings request's {@code input}.
     *
     * @param input the {@code input} node (string, array of strings, token array or array of token arrays)
     * @return the estimated prompt tokens
     */
    public static int embeddingsInput(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return 0;
        }
        if (input.isArray()) {
            if (input.isEmpty()) {
                return 0;
            }
            if (input.get(0).isNumber()) {
                return input.size();
            }
            int total = 0;
            for (JsonNode element : input) {
                total += embeddingsInput(element);
            }
            return total;
        }
        if (input.isNumber()) {
            return 1;
        }
        return text(input.asText());
    }

    /**
     * The estimated prompt tokens of a chat completions request.
     *
     * @param body the request body
     * @return the sum over the messages' text content
     */
    public static int chatPrompt(JsonNode body) {
        int total = 0;
        for (JsonNode message : body.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                total += text(content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    if (part.path("text").isTextual()) {
                        total += text(part.path("text").asText());
                    }
                }
            }
        }
        return total;
    }

    /**
     * The completion budget a chat completions request reserves.
     *
     * @param body the request body
     * @return {@code max_tokens}, else {@code max_completion_tokens}, else 0
     */
    public static int chatCompletionBudget(JsonNode body) {
        JsonNode maxTokens = body.path("max_tokens");
        if (maxTokens.canConvertToInt() && maxTokens.isNumber()) {
            return Math.max(0, maxTokens.asInt());
        }
        JsonNode maxCompletionTokens = body.path("max_completion_tokens");
        if (maxCompletionTokens.canConvertToInt() && maxCompletionTokens.isNumber()) {
            return Math.max(0, maxCompletionTokens.asInt());
        }
        return 0;
    }
}
