// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

/** The operation dimension of the matrix. */
public enum Api {
    /** {@code getEmbeddings}. */
    EMBEDDINGS("getEmbeddings"),
    /** {@code getChatCompletions}. */
    CHAT_COMPLETIONS("getChatCompletions");

    private final String displayName;

    Api(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
