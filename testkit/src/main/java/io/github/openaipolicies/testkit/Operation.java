package io.github.openaipolicies.testkit;

/**
 * The operation a request to the simulator addressed, as recorded in the {@link Journal}.
 */
public enum Operation {
    /** {@code POST /openai/deployments/{deployment}/embeddings} (Azure OpenAI's Embeddings_Create). */
    EMBEDDINGS,
    /** {@code POST /openai/deployments/{deployment}/chat/completions} (Azure OpenAI's ChatCompletions_Create). */
    CHAT_COMPLETIONS,
    /** {@code POST /v1/embeddings} (the api.openai.com shape; the deployment is the body's {@code model}). */
    OPENAI_EMBEDDINGS,
    /** {@code POST /v1/chat/completions} (the api.openai.com shape; the deployment is the body's {@code model}). */
    OPENAI_CHAT_COMPLETIONS,
    /** Any other method or path; answered with 404 (or 401 when the credential is refused). */
    UNKNOWN;

    /**
     * Tells whether this operation produces embeddings.
     *
     * @return true for {@link #EMBEDDINGS} and {@link #OPENAI_EMBEDDINGS}
     */
    public boolean isEmbeddings() {
        return this == EMBEDDINGS || this == OPENAI_EMBEDDINGS;
    }

    /**
     * Tells whether this operation produces chat completions.
     *
     * @return true for {@link #CHAT_COMPLETIONS} and {@link #OPENAI_CHAT_COMPLETIONS}
     */
    public boolean isChatCompletions() {
        return this == CHAT_COMPLETIONS || this == OPENAI_CHAT_COMPLETIONS;
    }

    /**
     * Tells whether this operation uses the api.openai.com ({@code /v1/...}) shape.
     *
     * @return true for {@link #OPENAI_EMBEDDINGS} and {@link #OPENAI_CHAT_COMPLETIONS}
     */
    public boolean isOpenAIShape() {
        return this == OPENAI_EMBEDDINGS || this == OPENAI_CHAT_COMPLETIONS;
    }
}
