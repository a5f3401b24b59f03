// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import java.nio.charset.StandardCharsets;

/**
 * {@link TokenCost}'s estimate in one pass over the body's bytes, without decoding a string: for strict JSON in
 * ASCII it counts the characters of the strings that cost tokens and reads the completion budget. Anything else
 * (a non-ASCII byte, an escape it does not know, a number or literal outside strict JSON, a malformed or deeply
 * nested body) makes it answer {@link #NOT_UNDERSTOOD}, and {@link TokenCost} asks a JSON reader instead.
 */
final class TokenScan {
    /** The answer for a body this scan leaves to a JSON reader. */
    static final long NOT_UNDERSTOOD = -1;

    private static final int MAX_DEPTH = 64;
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final int MAX_BUDGET_DIGITS = 18;

    private static final byte[] INPUT = ascii("input");
    private static final byte[] PROMPT = ascii("prompt");
    private static final byte[] MESSAGES = ascii("messages");
    private static final byte[] MAX_TOKENS = ascii("max_tokens");
    private static final byte[] MAX_COMPLETION_TOKENS = ascii("max_completion_tokens");
    private static final byte[] CONTENT = ascii("content");
    private static final byte[] TEXT = ascii("text");

    /** Thrown, without a stack trace, when the body is not one this scan understands. */
    private static final RuntimeException NOT_STRICT = new RuntimeException("not strict ASCII JSON", null, false,
        false) {
        private static final long serialVersionUID = 1L;
    };

    private final byte[] body;
    private int at;
    private int depth;
    /** Where the last field name read started and ended (exclusive), inside its quotes. */
    private int nameStart;
    private int nameEnd;

    private TokenScan(byte[] body) {
        this.body = body;
    }

    /**
     * The estimate, as {@link TokenCost#estimate} gives it, or {@link #NOT_UNDERSTOOD}.
     *
     * @param body the body, not null
     * @return the estimate (1 or more), or {@link #NOT_UNDERSTOOD}
     */
    static long estimate(byte[] body) {
        try {
            return new TokenScan(body).top();
        } catch (RuntimeException notStrict) {
            return NOT_UNDERSTOOD;
        }
    }

    private long top() {
        skipSpace();
        expect('{');
        long total = 0;
        skipSpace();
        if (peek() == '}') {
            return TokenCost.UNKNOWN;
        }
        while (true) {
            name();
            if (is(INPUT) || is(PROMPT)) {
                total += texts();
            } else if (is(MESSAGES)) {
                total += messages();
            } else if (is(MAX_TOKENS) || is(MAX_COMPLETION_TOKENS)) {
                total += budget();
            } else {
                skipValue();
            }
            // What follows the top-level object is never read, as a streaming reader would not.
            if (!nextMember('}')) {
                return Math.max(TokenCost.UNKNOWN, total);
            }
        }
    }

    /** A string, a token id, or arrays of them. */
    private long texts() {
        byte c = peek();
        if (c == '"') {
            return TokenCost.text(string());
        }
        if (c == '-' || isDigit(c)) {
            number();
            return 1;
        }
        if (c != '[') {
            skipValue();
            return 0;
        }
        long total = 0;
        if (openArray()) {
            do {
                total += texts();
            } while (nextMember(']'));
        }
        return total;
    }

    /** The text content of chat messages. */
    private long messages() {
        if (peek() != '[') {
            skipValue();
            return 0;
        }
        long total = 0;
        if (openArray()) {
            do {
                total += textFields(CONTENT);
            } while (nextMember(']'));
        }
        return total;
    }

    /** Within an object, the cost of the named field: a string, or an array of objects with {@code text}. */
    private long textFields(byte[] field) {
        if (peek() != '{') {
            skipValue();
            return 0;
        }
        long total = 0;
        if (openObject()) {
            do {
                name();
                byte c = peek();
                if (is(field) && c == '"') {
                    total += TokenCost.text(string());
                } else if (is(field) && c == '[') {
                    if (openArray()) {
                        do {
                            total += textFields(TEXT);
                        } while (nextMember(']'));
                    }
                } else {
                    skipValue();
                }
            } while (nextMember('}'));
        }
        return total;
    }

    /** A completion budget: an integer clamped to {@code [0, Integer.MAX_VALUE]}; other values cost nothing. */
    private long budget() {
        byte c = peek();
        if (c != '-' && !isDigit(c)) {
            skipValue();
            return 0;
        }
        int start = at;
        boolean negative = c == '-';
        if (negative) {
            at++;
        }
        long value = 0;
        int digits = 0;
        while (at < body.length && isDigit(body[at])) {
            value = value * 10 + (body[at++] - '0');
            digits++;
        }
        at = start;
        int end = number();
        if (digits == 0 || digits > MAX_BUDGET_DIGITS || end - start != digits + (negative ? 1 : 0)) {
            // A fraction, an exponent or a huge value: the reader's conversion decides.
            throw NOT_STRICT;
        }
        return negative ? 0 : Math.min(value, Integer.MAX_VALUE);
    }

    private void skipValue() {
        byte c = peek();
        if (c == '"') {
            string();
        } else if (c == '-' || isDigit(c)) {
            number();
        } else if (c == '{') {
            if (openObject()) {
                do {
                    name();
                    skipValue();
                } while (nextMember('}'));
            }
        } else if (c == '[') {
            if (openArray()) {
                do {
                    skipValue();
                } while (nextMember(']'));
            }
        } else if (c == 't') {
            literal("true");
        } else if (c == 'f') {
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else {
            throw NOT_STRICT;
        }
    }

    /** After {@code [}: true when the array has members (positioned on the first), false when it was empty. */
    private boolean openArray() {
        return open(']');
    }

    /** After <code>{</code>: true when the object has members (positioned on the first name). */
    private boolean openObject() {
        return open('}');
    }

    private boolean open(char close) {
        if (++depth > MAX_DEPTH) {
            throw NOT_STRICT;
        }
        at++;
        skipSpace();
        if (peek() == close) {
            at++;
            depth--;
            return false;
        }
        return true;
    }

    /** After a member: true on a comma (positioned on the next member), false on the closing {@code close}. */
    private boolean nextMember(char close) {
        skipSpace();
        byte c = peek();
        at++;
        if (c == ',') {
            skipSpace();
            return true;
        }
        if (c == close) {
            depth--;
            return false;
        }
        throw NOT_STRICT;
    }

    /** A field name and its colon; leaves the scan on the value. Names with escapes are left to the reader. */
    private void name() {
        expect('"');
        nameStart = at;
        while (true) {
            byte c = peek();
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0x20) {
                throw NOT_STRICT;
            }
            at++;
        }
        nameEnd = at++;
        skipSpace();
        expect(':');
        skipSpace();
    }

    private boolean is(byte[] field) {
        int length = nameEnd - nameStart;
        if (length != field.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (body[nameStart + i] != field[i]) {
                return false;
            }
        }
        return true;
    }

    /** A string value; returns its length in UTF-16 characters, as a JSON reader would decode it. */
    private long string() {
        expect('"');
        long length = 0;
        while (true) {
            byte c = peek();
            if (c == '"') {
                at++;
                return length;
            }
            if (c < 0x20) {
                // A control character, or (negative) a byte of a non-ASCII character.
                throw NOT_STRICT;
            }
            if (c == '\\') {
                at++;
                byte escaped = peek();
                if (escaped == 'u') {
                    for (int i = 1; i <= 4; i++) {
                        if (!isHex(at + i < body.length ? body[at + i] : 0)) {
                            throw NOT_STRICT;
                        }
                    }
                    at += 4;
                } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                    throw NOT_STRICT;
                }
            }
            at++;
            length++;
        }
    }

    /**
     * A number in strict JSON syntax; returns where it ends. What follows it ({@code 01}, {@code 1x}) is checked by
     * {@link #nextMember}, as after a literal.
     */
    private int number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (at < body.length && body[at] == '.') {
            at++;
            digits();
        }
        if (at < body.length && (body[at] == 'e' || body[at] == 'E')) {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits();
        }
        if (at - start > MAX_NUMBER_LENGTH) {
            throw NOT_STRICT;
        }
        return at;
    }

    private void digits() {
        if (!isDigit(peek())) {
            throw NOT_STRICT;
        }
        while (at < body.length && isDigit(body[at])) {
            at++;
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (peek() != word.charAt(i)) {
                throw NOT_STRICT;
            }
            at++;
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw NOT_STRICT;
        }
        at++;
    }

    /** The current byte; running off the end means the body is cut short. */
    private byte peek() {
        if (at >= body.length) {
            throw NOT_STRICT;
        }
        return body[at];
    }

    private void skipSpace() {
        while (at < body.length) {
            byte c = body[at];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            at++;
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(byte c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
