// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

/**
 * The token estimate BulkEmbed plans with: {@code ceil(chars / 4)}, the same rule the testkit simulator charges
 * against its token quota. Real tokenizers give roughly the same count for English prose and somewhat more for code;
 * the estimate only has to keep requests under the limits, not be exact.
 */
public final class TokenEstimate {
    /** Characters per estimated token. */
    public static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    /**
     * Estimates the tokens of a text.
     *
     * @param text the text
     * @return {@code ceil(text.length() / 4)}
     */
    public static int of(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /**
     * The longest text, in characters, whose estimate stays within a token limit.
     *
     * @param tokens the token limit
     * @return {@code tokens * 4}
     */
    public static int maxChars(int tokens) {
        return Math.multiplyExact(tokens, CHARS_PER_TOKEN);
    }
}
