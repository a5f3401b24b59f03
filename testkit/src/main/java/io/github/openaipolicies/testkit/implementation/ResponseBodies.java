package io.github.openaipolicies.testkit.implementation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The JSON bodies the simulator answers with, in the shapes Azure OpenAI (and api.openai.com) send and
 * azure-ai-openai parses.
 */
public final class ResponseBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The text of every chat completion. */
    public static final String CHAT_REPLY = "This is a simulated reply.";

    private ResponseBodies() {
    }

    /**
     * An embeddings response.
     *
     * @param model the deployment or model name
     * @param vectors one vector per input, in input order
     * @param base64 whether to encode each vector as Base64 ({@code encoding_format: base64}) instead of a float array
     * @param promptTokens the usage to report
     * @return the JSON text
     */
    public static String embeddings(String model, List<float[]> vectors, boolean base64, int promptTokens) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (base64) {
                item.put("embedding", EmbeddingGenerator.toBase64(vectors.get(i)));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float value : vectors.get(i)) {
                    values.add(value);
                }
            }
        }
        root.put("model", model);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("total_tokens", promptTokens);
        return write(root);
    }

    /**
     * A non-streaming chat completions response with one choice.
     *
     * @param model the deployment or model name
     * @param created the creation time
     * @param promptTokens the prompt usage
     * @return the JSON text
     */
    public static String chatCompletions(String model, Instant created, int promptTokens) {
        int completionTokens = TokenEstimator.text(CHAT_REPLY);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""));
        root.put("object", "chat.completion");
        root.put("created", created.getEpochSecond());
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("finish_reason", "stop");
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", CHAT_REPLY);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return write(root);
    }

    /**
     * Azure OpenAI's error shape: {@code {"error":{"code":...,"message":...}}}.
     *
     * @param code the error code
     * @param message the message
     * @return the JSON text
     */
    public static String azureError(String code, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return write(root);
    }

    /**
     * api.openai.com's error shape: {@code {"error":{"message":...,"type":...,"param":null,"code":...}}}.
     *
     * @param type the error type
     * @param code the error code
     * @param message the message
     * @return the JSON text
     */
    public static String openAIError(String type, String code, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
