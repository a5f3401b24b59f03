// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

/** The client dimension of the matrix: {@code OpenAIClient} or {@code OpenAIAsyncClient}. */
public enum ClientMode {
    /** {@code OpenAIClient}: the pipeline runs {@code processSync}. */
    SYNC("OpenAIClient"),
    /** {@code OpenAIAsyncClient}: the pipeline runs {@code process}. */
    ASYNC("OpenAIAsyncClient");

    private final String displayName;

    ClientMode(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
