// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts the tokens of a text, to keep every input within the service's per-input limit.
 */
@FunctionalInterface
public interface TokenCounter {
    /**
     * The {@code cl100k_base} tokenizer of the {@code text-embedding-3} and {@code ada-002} models (jtokkit, offline):
     * the count the service itself makes.
     */
    TokenCounter CL100K = new TokenCounter() {
        private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

        @Override
        public int count(String text) {
            return encoding.countTokensOrdinary(text);
        }
    };

    /** {@link TokenEstimate#of(String)}: {@code ceil(characters / 4)}, the simulator's rule (for tests). */
    TokenCounter CHARS_OVER_FOUR = TokenEstimate::of;

    /**
     * Counts the tokens of a text.
     *
     * @param text the text
     * @return its tokens
     */
    int count(String text);
}
