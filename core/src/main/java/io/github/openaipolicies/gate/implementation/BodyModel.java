// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import java.nio.charset.StandardCharsets;

/**
 * The top-level {@code "model"} of a JSON request body, found in one pass over its bytes that decodes nothing but the
 * value. Only a member of the top-level object counts: a {@code "model"} nested in messages, tools or any other value
 * is skipped. The first top-level {@code "model"} member decides (later duplicates are not read). Pure.
 *
 * <p>No model (null) when the body is not a JSON object, the first top-level {@code "model"} is not a string, or the
 * string is empty, longer than {@value #MAX_LENGTH} characters, or holds anything but printable ASCII without
 * escapes; and when the name itself is written with escapes. Such a body is not one this reads cheaply, and its
 * request keys without a model. The rest of the body is not checked: a malformed body is the server's to refuse.</p>
 */
final class BodyModel {
    /** The longest model name read; a longer one is no model. */
    static final int MAX_LENGTH = 128;

    private static final byte[] MODEL = "model".getBytes(StandardCharsets.US_ASCII);

    private BodyModel() {
    }

    /**
     * The body's top-level model.
     *
     * @param body the body, not null
     * @return the model, or null
     */
    static String of(byte[] body) {
        int at = skipSpace(body, 0);
        if (at == body.length || body[at] != '{') {
            return null;
        }
        int depth = 0;
        for (; at < body.length; at++) {
            byte c = body[at];
            if (c == '"') {
                int end = stringEnd(body, at);
                if (end < 0) {
                    return null;
                }
                if (depth == 1 && isModel(body, at + 1, end)) {
                    int colon = skipSpace(body, end + 1);
                    if (colon < body.length && body[colon] == ':') {
                        return value(body, skipSpace(body, colon + 1));
                    }
                }
                at = end;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return null;
            }
        }
        return null;
    }

    /** Where the string opened at {@code open} closes, or -1 when the body ends first. */
    private static int stringEnd(byte[] body, int open) {
        for (int at = open + 1; at < body.length; at++) {
            if (body[at] == '\\') {
                at++;
            } else if (body[at] == '"') {
                return at;
            }
        }
        return -1;
    }

    private static boolean isModel(byte[] body, int start, int end) {
        if (end - start != MODEL.length) {
            return false;
        }
        for (int i = 0; i < MODEL.length; i++) {
            if (body[start + i] != MODEL[i]) {
                return false;
            }
        }
        return true;
    }

    /** The string value at {@code at}, when it is a plain printable ASCII string of 1 to {@link #MAX_LENGTH}. */
    private static String value(byte[] body, int at) {
        if (at == body.length || body[at] != '"') {
            return null;
        }
        int start = at + 1;
        for (int end = start; end < body.length && end - start <= MAX_LENGTH; end++) {
            byte c = body[end];
            if (c == '"') {
                return end == start ? null : new String(body, start, end - start, StandardCharsets.US_ASCII);
            }
            if (c <= ' ' || c > '~' || c == '\\') {
                return null;
            }
        }
        return null;
    }

    private static int skipSpace(byte[] body, int from) {
        int at = from;
        while (at < body.length && (body[at] == ' ' || body[at] == '\n' || body[at] == '\r' || body[at] == '\t')) {
            at++;
        }
        return at;
    }
}
