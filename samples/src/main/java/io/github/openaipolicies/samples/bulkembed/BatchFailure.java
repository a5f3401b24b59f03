// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.BinaryData;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.openai.errors.OpenAIServiceException;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Why a batch (or a part of it) failed: the HTTP status ({@code 0} without a response), the service's error code and
 * its message. Two failures with the same three are the same failure, which is how a systematic refusal is told from
 * one bad input.
 *
 * @param status the HTTP status, or 0 when no response came
 * @param code the error code from Azure's body ({@code error.code}, else {@code error.type}), or empty
 * @param message the error message, one line
 */
public record BatchFailure(int status, String code, String message) {
    /** Status of a failure found in a response the service accepted (a vector of the wrong length). */
    public static final int ACCEPTED_BUT_WRONG = 200;

    /**
     * Checks the components.
     *
     * @param status the HTTP status
     * @param code the error code
     * @param message the message
     */
    public BatchFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Describes the failure of one call after its retries.
     *
     * @param error what the call ended with
     * @return the failure
     */
    public static BatchFailure of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpResponseException http && http.getResponse() != null) {
                return fromBody(http.getResponse().getStatusCode(), http.getValue(), http.getMessage());
            }
            if (cause instanceof OpenAIServiceException service) {
                return fromBody(service.statusCode(), bodyOf(service), service.getMessage());
            }
        }
        return new BatchFailure(0, "", Failures.firstLine(String.valueOf(error.getMessage())));
    }

    /**
     * Whether the service refused the request as malformed (HTTP 400): worth splitting to find the input it refuses.
     *
     * @return true for a 400
     */
    public boolean badRequest() {
        return status == 400;
    }

    /**
     * The failure in one line, e.g. {@code HTTP 400 invalid_request_error: This model does not support dimensions}.
     *
     * @return the text
     */
    public String describe() {
        String prefix = status == 0 ? "" : status == ACCEPTED_BUT_WRONG ? "" : "HTTP " + status + " ";
        return prefix + (code.isEmpty() ? "" : code + ": ") + message;
    }

    /** openai-java's error body as a map with an {@code error} entry (it may hold the error object alone). */
    private static Object bodyOf(OpenAIServiceException error) {
        try {
            Map<?, ?> body = error.body().convert(Map.class);
            if (body != null && !body.containsKey("error") && body.containsKey("message")) {
                return Map.of("error", body);
            }
            return body;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static BatchFailure fromBody(int status, Object value, String exceptionMessage) {
        Object body = value;
        if (body instanceof BinaryData data) {
            body = data.toString();
        }
        if (body instanceof String text || (body == null && exceptionMessage != null)) {
            String json = body != null ? (String) body : exceptionMessage;
            int start = json.indexOf('{');
            int end = json.lastIndexOf('}');
            body = null;
            if (start >= 0 && end > start) {
                try (JsonReader reader = JsonProviders.createReader(json.substring(start, end + 1))) {
                    body = reader.readUntyped();
                } catch (IOException | RuntimeException e) {
                    body = null;
                }
            }
        }
        if (body instanceof Map<?, ?> map && map.get("error") instanceof Map<?, ?> error) {
            Object code = error.get("code") != null ? error.get("code") : error.get("type");
            Object message = error.get("message");
            return new BatchFailure(status, code == null ? "" : String.valueOf(code),
                Failures.firstLine(message == null ? exceptionMessage : String.valueOf(message)));
        }
        return new BatchFailure(status, "", Failures.firstLine(exceptionMessage));
    }
}
