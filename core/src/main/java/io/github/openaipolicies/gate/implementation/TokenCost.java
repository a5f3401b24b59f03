// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.EOFException;
import java.io.IOException;

/**
 * Estimates the tokens a request body costs, as Azure OpenAI counts them against a token quota: {@code ceil(chars /
 * 4)} per input string (at least 1), one per token id, plus {@code max_tokens} (or {@code max_completion_tokens}) for
 * chat. Pure; a body that is not JSON, or is too big to read cheaply, costs {@value #UNKNOWN}.
 *
 * <p>Every attempt pays for this, so the usual body (strict JSON in ASCII) is read by {@link TokenScan}, one pass
 * over its bytes that allocates nothing; any body it does not fully understand (non-ASCII, non-standard JSON, a
 * malformed one) goes to jackson-core's streaming parser, whose answer is the reference. The parser reads as
 * azure-json's default reader did: strict JSON, plus {@code NaN} and {@code Infinity} as numbers.</p>
 */
public final class TokenCost {
    /** The cost of a body that cannot be estimated. */
    public static final long UNKNOWN = 1;
    /** Bodies larger than this are not parsed. */
    public static final int MAX_PARSED_BYTES = 4 * 1024 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();

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
        try (JsonParser reader = JSON.createParser(body)) {
            if (reader.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN;
            }
            long total = 0;
            while (reader.nextToken() == JsonToken.FIELD_NAME) {
                String field = reader.currentName();
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
    private static long texts(JsonParser reader) throws IOException {
        JsonToken token = reader.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return text(reader.getText());
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return 1;
        }
        if (token != JsonToken.START_ARRAY) {
            reader.skipChildren();
            return 0;
        }
        long total = 0;
        while (next(reader) != JsonToken.END_ARRAY) {
            total += texts(reader);
        }
        return total;
    }

    /** The text content of chat messages: a string {@code content}, or the {@code text} of its parts. */
    private static long messages(JsonParser reader) throws IOException {
        if (reader.currentToken() != JsonToken.START_ARRAY) {
            reader.skipChildren();
            return 0;
        }
        long total = 0;
        while (next(reader) != JsonToken.END_ARRAY) {
            total += textFields(reader, "content");
        }
        return total;
    }

    /** Within an object, the cost of the named field: a string, or an array of objects with {@code text}. */
    private static long textFields(JsonParser reader, String name) throws IOException {
        if (reader.currentToken() != JsonToken.START_OBJECT) {
            reader.skipChildren();
            return 0;
        }
        long total = 0;
        while (reader.nextToken() == JsonToken.FIELD_NAME) {
            String field = reader.currentName();
            JsonToken value = reader.nextToken();
            if (field.equals(name) && value == JsonToken.VALUE_STRING) {
                total += text(reader.getText());
            } else if (field.equals(name) && value == JsonToken.START_ARRAY) {
                while (next(reader) != JsonToken.END_ARRAY) {
                    total += textFields(reader, "text");
                }
            } else {
                reader.skipChildren();
            }
        }
        return total;
    }

    private static long budget(JsonParser reader) throws IOException {
        JsonToken token = reader.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            reader.skipChildren();
            return 0;
        }
        long value = reader.getLongValue();
        return Math.max(0, Math.min(value, Integer.MAX_VALUE));
    }

    /** The next token; the end of the input inside a value is an error (the parser reports it as none). */
    private static JsonToken next(JsonParser reader) throws IOException {
        JsonToken token = reader.nextToken();
        if (token == null) {
            throw new EOFException("The body ends inside a value.");
        }
        return token;
    }
}
