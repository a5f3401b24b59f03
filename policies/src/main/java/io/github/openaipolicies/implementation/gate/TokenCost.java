// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;

import java.io.IOException;

/**
 * Estimates the tokens a request body costs, as Azure OpenAI counts them against a token quota: {@code ceil(chars /
 * 4)} per input string (at least 1), one per token id, plus {@code max_tokens} (or {@code max_completion_tokens}) for
 * chat. Pure; a body that is not JSON, or is too big to read cheaply, costs {@value #UNKNOWN}.
 *
 * <p>Every attempt pays for this, so the usual body (strict JSON in ASCII) is read by {@link TokenScan}, one pass
 * over its bytes that allocates nothing; any body it does not fully understand (non-ASCII, non-standard JSON, a
 * malformed one) goes to a JSON reader, whose answer is the reference.</p>
 */
public final class TokenCost {
    /** The cost of a body that cannot be estimated. */
    public static final long UNKNOWN = 1;
    /** Bodies larger than this are not parsed. */
    public static final int MAX_PARSED_BYTES = 4 * 1024 * 1024;

    private TokenCost() {
    }

    /**
     * The estimated tokens of a body.
     *
     * @param body the JSON body, may be null
     * @return the estimate, 1 or more
     */
    public static long estimate(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_PARSED_BYTES) {
            return UNKNOWN;
        }
        long scanned = TokenScan.estimate(body);
        return scanned == TokenScan.NOT_UNDERSTOOD ? estimateByParsing(body) : scanned;
    }

    /**
     * The estimate read with a JSON reader: the reference for {@link TokenScan}, and the answer for the bodies it
     * leaves out.
     *
     * @param body the JSON body, not null, at most {@link #MAX_PARSED_BYTES}
     * @return the estimate, 1 or more
     */
    static long estimateByParsing(byte[] body) {
        try (JsonReader reader = JsonProviders.createReader(body)) {
            if (reader.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN;
            }
            long total = 0;
            while (reader.nextToken() == JsonToken.FIELD_NAME) {
                String field = reader.getFieldName();
                reader.nextToken();
                switch (field) {
                    case "input", "prompt" -> total += texts(reader);
                    case "messages" -> total += messages(reader);
                    case "max_tokens", "max_completion_tokens" -> total += budget(reader);
                    default -> reader.skipChildren();
                }
            }
            return Math.max(UNKNOWN, total);
        } catch (IOException | RuntimeException unreadable) {
            return UNKNOWN;
        }
    }

    /** The cost of a text: {@code max(1, ceil(length / 4))}. */
    static long text(String text) {
        return text(text.length());
    }

    /** The cost of a text of {@code length} UTF-16 characters: {@code max(1, ceil(length / 4))}. */
    static long text(long length) {
        return Math.max(1, (length + 3) / 4);
    }

    /** A string, a token id, or arrays of them; the reader is on the value's first token. */
    private static long texts(JsonReader reader) throws IOException {
        JsonToken token = reader.currentToken();
        if (token == JsonToken.STRING) {
            return text(reader.getString());
        }
        if (token == JsonToken.NUMBER) {
            return 1;
        }
        if (token != JsonToken.START_ARRAY) {
            reader.skipChildren();
            return 0;
        }
        long total = 0;
        while (reader.nextToken() != JsonToken.END_ARRAY) {
            total += texts(reader);
        }
        return total;
    }

    /** The text content of chat messages: a string {@code content}, or the {@code text} of its parts. */
    private static long messages(JsonReader reader) throws IOException {
        if (reader.currentToken() != JsonToken.START_ARRAY) {
            reader.skipChildren();
            return 0;
        }
        long total = 0;
        while (reader.nextToken() != JsonToken.END_ARRAY) {
            total += textFields(reader, "content");
        }
        return total;
    }

    /** Within an object, the cost of the named field: a string, or an array of objects with {@code text}. */
    private static long textFields(JsonReader reader, String name) throws IOException {
        if (reader.currentToken() != JsonToken.START_OBJECT) {
            reader.skipChildren();
            return 0;
        }
        long total = 0;
        while (reader.nextToken() == JsonToken.FIELD_NAME) {
            String field = reader.getFieldName();
            JsonToken value = reader.nextToken();
            if (field.equals(name) && value == JsonToken.STRING) {
                total += text(reader.getString());
            } else if (field.equals(name) && value == JsonToken.START_ARRAY) {
                while (reader.nextToken() != JsonToken.END_ARRAY) {
                    total += textFields(reader, "text");
                }
            } else {
                reader.skipChildren();
            }
        }
        return total;
    }

    private static long budget(JsonReader reader) throws IOException {
        if (reader.currentToken() != JsonToken.NUMBER) {
            reader.skipChildren();
            return 0;
        }
        long value = reader.getLong();
        return Math.max(0, Math.min(value, Integer.MAX_VALUE));
    }
}
