package io.github.openaipolicies.benchmarks;

/**
 * One row of {@link ThrottledIngest}: a name, a line for the legend, and a client: {@link AzureRow} (azure-ai-openai
 * on azure-core) or {@link OpenAIJavaRow} (the official openai-java SDK). Every row sends the same embeddings calls to
 * the same simulator deployment.
 */
public sealed interface IngestRow permits AzureRow, OpenAIJavaRow {
    /**
     * The row name, as given to {@code --rows}.
     *
     * @return the name
     */
    String name();

    /**
     * One line for the table's legend.
     *
     * @return the description
     */
    String description();
}
