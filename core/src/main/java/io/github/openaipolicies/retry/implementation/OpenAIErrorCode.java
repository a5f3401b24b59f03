// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;

/**
 * Reads the error code from an OpenAI / Azure OpenAI error body, {@code {"error":{"code":"...", ...}}}. Pure:
 * works on bytes already read, never throws.
 */
public final class OpenAIErrorCode {
    /** The code OpenAI sends with a 429 when the billing quota is used up. */
    public static final String INSUFFICIENT_QUOTA = "insufficient_quota";

    /** Lenient as azure-json's reader was: {@code NaN} and {@code Infinity} are numbers, not errors. */
    private static final JsonFactory JSON = JsonFactory.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();

    private OpenAIErrorCode() {
    }

    /**
     * The value of {@code error.code} (or, when that is absent, {@code error.type}).
     *
     * @param body the response body
     * @return the code, or null when the body is not such a JSON object or has no code
     */
    public static String parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser reader = JSON.createParser(body)) {
            if (reader.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String code = null;
            while (reader.nextToken() == JsonToken.FIELD_NAME) {
                String field = reader.currentName();
                JsonToken value = reader.nextToken();
                if ("error".equals(field) && value == JsonToken.START_OBJECT) {
                    code = readCode(reader);
                } else {
                    reader.skipChildren();
                }
            }
            return code;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String readCode(JsonParser reader) throws IOException {
        String code = null;
        String type = null;
        while (reader.nextToken() == JsonToken.FIELD_NAME) {
            String field = reader.currentName();
            JsonToken value = reader.nextToken();
            if (value == JsonToken.VALUE_STRING && "code".equals(field)) {
                code = reader.getText();
            } else if (value == JsonToken.VALUE_STRING && "type".equals(field)) {
                type = reader.getText();
            } else {
                reader.skipChildren();
            }
        }
        return code != null ? code : type;
    }
}
