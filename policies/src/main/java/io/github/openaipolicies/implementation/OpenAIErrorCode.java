// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;

import java.io.IOException;

/**
 * Reads the error code from an OpenAI / Azure OpenAI error body, {@code {"error":{"code":"...", ...}}}. Pure:
 * works on bytes already read, never throws.
 */
public final class OpenAIErrorCode {
    /** The code OpenAI sends with a 429 when the billing quota is used up. */
    public static final String INSUFFICIENT_QUOTA = "insufficient_quota";

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
        try (JsonReader reader = JsonProviders.createReader(body)) {
            if (reader.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String code = null;
            while (reader.nextToken() == JsonToken.FIELD_NAME) {
                String field = reader.getFieldName();
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

    private static String readCode(JsonReader reader) throws IOException {
        String code = null;
        String type = null;
        while (reader.nextToken() == JsonToken.FIELD_NAME) {
            String field = reader.getFieldName();
            JsonToken value = reader.nextToken();
            if (value == JsonToken.STRING && "code".equals(field)) {
                code = reader.getString();
            } else if (value == JsonToken.STRING && "type".equals(field)) {
                type = reader.getString();
            } else {
                reader.skipChildren();
            }
        }
        return code != null ? code : type;
    }
}
