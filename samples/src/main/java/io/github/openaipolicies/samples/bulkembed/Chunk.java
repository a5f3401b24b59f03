// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One piece of a document, small enough to embed in one input.
 *
 * @param source the document it came from
 * @param index its position within that document, from 0
 * @param text the text to embed
 * @param tokens the tokens of the text, as counted by the chunker's {@link TokenCounter}
 */
public record Chunk(String source, int index, String text, int tokens) {
    /**
     * Checks the components.
     *
     * @param source the document it came from
     * @param index its position within that document
     * @param text the text to embed
     * @param tokens the tokens of the text
     */
    public Chunk {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
    }

    /**
     * A chunk whose tokens are estimated by {@link TokenEstimate#of(String)}.
     *
     * @param source the document it came from
     * @param index its position within that document
     * @param text the text to embed
     */
    public Chunk(String source, int index, String text) {
        this(source, index, text, TokenEstimate.of(text));
    }

    /**
     * The SHA-256 of the text's UTF-8 bytes, lower-case hex.
     *
     * @return 64 hex digits
     */
    public String sha256() {
        return sha256(text);
    }

    /**
     * The SHA-256 of a text's UTF-8 bytes, lower-case hex.
     *
     * @param text the text
     * @return 64 hex digits
     */
    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
