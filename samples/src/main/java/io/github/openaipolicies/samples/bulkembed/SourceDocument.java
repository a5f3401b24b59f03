// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.util.Objects;

/**
 * One file of the corpus.
 *
 * @param source where the text came from, relative to the corpus root, with {@code /} separators
 * @param text the file's text
 */
public record SourceDocument(String source, String text) {
    /**
     * Checks the components.
     *
     * @param source where the text came from
     * @param text the text
     */
    public SourceDocument {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
    }
}
