// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

/**
 * The construction dimension of the matrix: how our policies get into the {@code OpenAIClient}.
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
    HARDENED_HAND_BUILT("harden(hand-built pipeline)");

    private final String displayName;

    Construction(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
