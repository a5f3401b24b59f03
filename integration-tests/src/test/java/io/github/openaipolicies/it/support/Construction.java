// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import java.util.List;

/**
 * The construction dimension of the matrix: how our policies get into the client. The first three build an
 * azure-ai-openai {@code OpenAIClient} (azure-core adapter); the last two an openai-java {@code OpenAIClient} over
 * {@code OpenAIJavaPolicies.wrap(transport)}, one per Azure URL shape.
 */
public enum Construction {
    /** The standard {@code OpenAIClientBuilder}, then {@code OpenAIPipelines.install(builder, ...)}. */
    INSTALL("install(builder)"),
    /** {@code builder.pipeline(OpenAIPipelines.builder()...build())}. */
    PIPELINE_BUILDER("pipeline(OpenAIPipelines.builder())"),
    /**
     * A pipeline built by hand in the Kernel Memory style ({@link SameRequestRetryPolicy} in front of an
     * {@link AddingCredentialPolicy}) passed through {@code OpenAIPipelines.harden(...)}.
     */
    HARDENED_HAND_BUILT("harden(hand-built pipeline)"),
    /**
     * openai-java over {@code OpenAIJavaPolicies.wrap(okHttpClient)}, base URL {@code <endpoint>/openai/v1}: Azure's
     * unified v1 API, the deployment in the body's {@code model}. openai-java's own retry is left at its default.
     */
    OPENAI_JAVA_V1("openai-java wrap(transport), /openai/v1"),
    /**
     * openai-java over {@code OpenAIJavaPolicies.wrap(okHttpClient)}, base URL {@code <endpoint>} with
     * {@code AzureUrlPathMode.LEGACY}: {@code /openai/deployments/{name}/...}.
     */
    OPENAI_JAVA_DEPLOYMENTS("openai-java wrap(transport), /openai/deployments (LEGACY)");

    private static final List<Construction> AZURE_CORE = List.of(INSTALL, PIPELINE_BUILDER, HARDENED_HAND_BUILT);
    private static final List<Construction> OPENAI_JAVA = List.of(OPENAI_JAVA_V1, OPENAI_JAVA_DEPLOYMENTS);

    private final String displayName;

    Construction(String displayName) {
        this.displayName = displayName;
    }

    /** {@return the constructions of an azure-ai-openai client (the azure-core adapter)} */
    public static List<Construction> azureCore() {
        return AZURE_CORE;
    }

    /** {@return the constructions of an openai-java client (the openai-java adapter)} */
    public static List<Construction> openAIJava() {
        return OPENAI_JAVA;
    }

    /** {@return whether this construction builds an openai-java client} */
    public boolean isOpenAIJava() {
        return OPENAI_JAVA.contains(this);
    }

    @Override
    public String toString() {
        return displayName;
    }
}
