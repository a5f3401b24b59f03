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
     * A non-streaming chat completions response with one choice, with Azure's {@code prompt_filter_results} and
     * {@code content_filter_results}.
     *
     * @param model the model name
     * @param created the creation time
     * @param promptTokens the prompt usage
     * @return the JSON text
     */
    public static String chatCompletions(String model, Instant created, int promptTokens) {
        return chatCompletions(model, created, promptTokens, false);
    }

    /**
     * A non-streaming chat completions response with one choice.
     *
     * @param model the model name
     * @param created the creation time
     * @param promptTokens the prompt usage
     * @param filtered whether the completion was filtered ({@code finish_reason: content_filter}, no content)
     * @return the JSON text
     */
    public static String chatCompletions(String model, Instant created, int promptTokens, boolean filtered) {
        int completionTokens = filtered ? 0 : TokenEstimator.text(CHAT_REPLY);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""));
        root.put("object", "chat.completion");
        root.put("created", created.getEpochSecond());
        root.put("model", model);
        promptFilterResults(root);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("finish_reason", filtered ? "content_filter" : "stop");
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (filtered) {
            message.putNull("content");
        } else {
            message.put("content", CHAT_REPLY);
        }
        choice.set("content_filter_results", contentFilterResults(filtered));
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return write(root);
    }

    /**
     * The Server-Sent Events of a streamed chat completion, as Azure sends them: a first event with
     * {@code prompt_filter_results} and no choice, one with the assistant role, one per word of {@link #CHAT_REPLY},
     * one with the finish reason, then {@code data: [DONE]}.
     *
     * @param model the model name
     * @param created the creation time
     * @param filtered whether the completion is cut by the content filter ({@code finish_reason: content_filter})
     * @return the events, each {@code data: ...} followed by a blank line
     */
    public static List<String> chatCompletionEvents(String model, Instant created, boolean filtered) {
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        List<String> events = new java.util.ArrayList<>();
        ObjectNode first = MAPPER.createObjectNode();
        first.put("id", "");
        first.put("object", "");
        first.put("created", 0);
        first.put("model", "");
        promptFilterResults(first);
        first.putArray("choices");
        events.add(event(write(first)));
        ObjectNode role = chunk(id, model, created);
        ObjectNode roleChoice = (ObjectNode) role.get("choices").get(0);
        roleChoice.putObject("delta").put("role", "assistant").put("content", "");
        events.add(event(write(role)));
        String[] words = CHAT_REPLY.split(" ");
        int sent = filtered ? words.length / 2 : words.length;
        for (int i = 0; i < sent; i++) {
            ObjectNode word = chunk(id, model, created);
            ObjectNode choice = (ObjectNode) word.get("choices").get(0);
            choice.putObject("delta").put("content", (i == 0 ? "" : " ") + words[i]);
            choice.set("content_filter_results", contentFilterResults(false));
            events.add(event(write(word)));
        }
        ObjectNode last = chunk(id, model, created);
        ObjectNode lastChoice = (ObjectNode) last.get("choices").get(0);
        lastChoice.putObject("delta");
        lastChoice.put("finish_reason", filtered ? "content_filter" : "stop");
        if (filtered) {
            lastChoice.set("content_filter_results", contentFilterResults(true));
        }
        events.add(event(write(last)));
        events.add("data: [DONE]\n\n");
        return events;
    }

    /**
     * Azure's 400 for a prompt its content filter refused: {@code code: content_filter}, {@code innererror.code:
     * ResponsibleAIPolicyViolation} and the category results.
     *
     * @return the JSON text
     */
    public static String contentFilterError() {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", "The response was filtered due to the prompt triggering Azure OpenAI's content "
            + "management policy. Please modify your prompt and retry. To learn more about our content filtering "
            + "policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766");
        error.putNull("type");
        error.put("param", "prompt");
        error.put("code", "content_filter");
        error.put("status", 400);
        ObjectNode inner = error.putObject("innererror");
        inner.put("code", "ResponsibleAIPolicyViolation");
        inner.set("content_filter_result", contentFilterResults(true));
        return write(root);
    }

    private static ObjectNode chunk(String id, String model, Instant created) {
        ObjectNode chunk = MAPPER.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created.getEpochSecond());
        chunk.put("model", model);
        chunk.putNull("system_fingerprint");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putNull("finish_reason");
        return chunk;
    }

    private static String event(String json) {
        return "data: " + json + "\n\n";
    }

    private static void promptFilterResults(ObjectNode root) {
        ObjectNode prompt = root.putArray("prompt_filter_results").addObject();
        prompt.put("prompt_index", 0);
        prompt.set("content_filter_results", contentFilterResults(false));
    }

    private static ObjectNode contentFilterResults(boolean violenceFiltered) {
        ObjectNode results = MAPPER.createObjectNode();
        for (String category : List.of("hate", "self_harm", "sexual", "violence")) {
            boolean filtered = violenceFiltered && category.equals("violence");
            results.putObject(category).put("filtered", filtered).put("severity", filtered ? "medium" : "safe");
        }
        return results;
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
