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
    /**
     * {@code POST /openai/v1/embeddings} (Azure OpenAI's unified v1 API; Azure's credentials, the deployment is the
     * body's {@code model}).
     */
    AZURE_V1_EMBEDDINGS,
    /**
     * {@code POST /openai/v1/chat/completions} (Azure OpenAI's unified v1 API; Azure's credentials, the deployment is
     * the body's {@code model}).
     */
    AZURE_V1_CHAT_COMPLETIONS,
    /** Any other method or path; answered with 404 (or 401 when the credential is refused). */
    UNKNOWN;

    /**
     * Tells whether this operation produces embeddings.
     *
     * @return true for {@link #EMBEDDINGS}, {@link #OPENAI_EMBEDDINGS} and {@link #AZURE_V1_EMBEDDINGS}
     */
    public boolean isEmbeddings() {
        return this == EMBEDDINGS || this == OPENAI_EMBEDDINGS || this == AZURE_V1_EMBEDDINGS;
    }

    /**
     * Tells whether this operation produces chat completions.
     *
     * @return true for {@link #CHAT_COMPLETIONS}, {@link #OPENAI_CHAT_COMPLETIONS} and
     *     {@link #AZURE_V1_CHAT_COMPLETIONS}
     */
    public boolean isChatCompletions() {
        return this == CHAT_COMPLETIONS || this == OPENAI_CHAT_COMPLETIONS || this == AZURE_V1_CHAT_COMPLETIONS;
    }

    /**
     * Tells whether this operation uses the api.openai.com ({@code /v1/...}) shape.
     *
     * @return true for {@link #OPENAI_EMBEDDINGS} and {@link #OPENAI_CHAT_COMPLETIONS}
     */
    public boolean isOpenAIShape() {
        return this == OPENAI_EMBEDDINGS || this == OPENAI_CHAT_COMPLETIONS;
    }

    /**
     * Tells whether this operation uses Azure OpenAI's unified v1 ({@code /openai/v1/...}) shape.
     *
     * @return true for {@link #AZURE_V1_EMBEDDINGS} and {@link #AZURE_V1_CHAT_COMPLETIONS}
     */
    public boolean isAzureV1Shape() {
        return this == AZURE_V1_EMBEDDINGS || this == AZURE_V1_CHAT_COMPLETIONS;
    }

    /**
     * Tells whether the request names its deployment in the body's {@code model} rather than in the path.
     *
     * @return true for the api.openai.com and the Azure v1 shapes
     */
    public boolean takesDeploymentFromModel() {
        return isOpenAIShape() || isAzureV1Shape();
    }
}
