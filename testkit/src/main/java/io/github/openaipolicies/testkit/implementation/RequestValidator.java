package io.github.openaipolicies.testkit.implementation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a request body the way Azure OpenAI does, in this order: a JSON object with {@code input} (or
 * {@code messages}); for embeddings, {@code dimensions} only on models that take it, at most {@value #MAX_INPUTS}
 * inputs, no empty input, at most {@value #MAX_TOKENS_PER_INPUT} estimated tokens per input and
 * {@value #MAX_TOKENS_PER_REQUEST} per request. Model errors use OpenAI's shape
 * ({@code {"error":{"message","type","param","code"}}}), as Azure does. Free of I/O.
 */
public final class RequestValidator {
    /** Inputs per embeddings request. */
    public static final int MAX_INPUTS = 2048;
    /** Estimated tokens per embeddings input. */
    public static final int MAX_TOKENS_PER_INPUT = 8191;
    /** Estimated tokens per embeddings request. */
    public static final int MAX_TOKENS_PER_REQUEST = 300_000;

    private static final String INVALID = "invalid_request_error";

    /**
     * A refused request.
     *
     * @param status the HTTP status
     * @param body the JSON body
     */
    public record Rejection(int status, String body) {
    }

    private RequestValidator() {
    }

    /**
     * Checks one request.
     *
     * @param operation the operation
     * @param body the parsed body, null when it is not JSON
     * @param deployment the deployment it names
     * @return the rejection, or empty when the request is valid
     */
    public static Optional<Rejection> check(Operation operation, JsonNode body, Deployment deployment) {
        boolean openAI = operation.isOpenAIShape();
        if (body == null || !body.isObject()) {
            return badRequest(openAI, "The request body is not a valid JSON object.");
        }
        if (operation.isChatCompletions()) {
            JsonNode messages = body.get("messages");
            return messages != null && messages.isArray() && !messages.isEmpty() ? Optional.empty()
                : badRequest(openAI, "'messages' is a required property: a non-empty array.");
        }
        JsonNode input = body.get("input");
        if (input == null || !(input.isTextual() || input.isArray())) {
            return badRequest(openAI, "'input' is a required property: a string or a non-empty array.");
        }
        if (body.has("dimensions") && !body.get("dimensions").isNull() && !deployment.supportsDimensions()) {
            return modelError(null, "This model does not support specifying dimensions.", null);
        }
        List<JsonNode> inputs = inputs(input);
        if (inputs.size() > MAX_INPUTS) {
            return modelError(null, "Too many inputs. The max number of inputs is " + MAX_INPUTS + ". We recommend "
                + "sending your inputs in smaller batches.", null);
        }
        if (inputs.isEmpty() || inputs.stream().anyMatch(RequestValidator::isEmpty)) {
            return modelError(null, "'$.input' is invalid. Please check the API reference: "
                + "https://platform.openai.com/docs/api-reference.", null);
        }
        long total = 0;
        for (JsonNode one : inputs) {
            int tokens = TokenEstimator.embeddingsInput(one);
            if (tokens > MAX_TOKENS_PER_INPUT) {
                return modelError("context_length_exceeded", "This model's maximum context length is "
                    + MAX_TOKENS_PER_INPUT + " tokens, however you requested " + tokens + " tokens (" + tokens
                    + " in your prompt; 0 for the completion). Please reduce your prompt; or completion length.",
                    INVALID);
            }
            total += tokens;
        }
        if (total > MAX_TOKENS_PER_REQUEST) {
            return modelError("max_tokens_per_request", "Requested " + total + " tokens, max "
                + MAX_TOKENS_PER_REQUEST + " tokens per request", "max_tokens_per_request");
        }
        return Optional.empty();
    }

    /**
     * The single inputs of an embeddings {@code input}: a string or a token array is one input; an array of strings
     * or of token arrays is one input per element.
     *
     * @param input the {@code input} node
     * @return the inputs
     */
    public static List<JsonNode> inputs(JsonNode input) {
        List<JsonNode> inputs = new ArrayList<>();
        if (input.isArray() && !input.isEmpty() && !input.get(0).isNumber()) {
            input.forEach(inputs::add);
        } else if (!input.isArray() || !input.isEmpty()) {
            inputs.add(input);
        }
        return inputs;
    }

    private static boolean isEmpty(JsonNode input) {
        return (input.isTextual() && input.asText().isEmpty()) || (input.isArray() && input.isEmpty())
            || input.isNull();
    }

    private static Optional<Rejection> badRequest(boolean openAI, String message) {
        return Optional.of(new Rejection(400, openAI ? ResponseBodies.openAIError(INVALID, null, message)
            : ResponseBodies.azureError("BadRequest", message)));
    }

    private static Optional<Rejection> modelError(String code, String message, String type) {
        return Optional.of(new Rejection(400, ResponseBodies.openAIError(type == null ? INVALID : type, code,
            message)));
    }
}
