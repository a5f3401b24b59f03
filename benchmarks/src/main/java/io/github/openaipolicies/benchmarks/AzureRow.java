package io.github.openaipolicies.benchmarks;

import com.azure.ai.openai.OpenAIClientBuilder;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An azure-ai-openai row of {@link ThrottledIngest}: a name and how it configures a client builder that already has
 * the endpoint, the credential and the transport.
 *
 * @param name the row name, as given to {@code --rows}
 * @param description one line for the table's legend
 * @param configure applies the row's retry and policy configuration
 */
public record AzureRow(String name, String description, UnaryOperator<OpenAIClientBuilder> configure)
    implements IngestRow {
    /**
     * Creates and validates the record.
     *
     * @param name the row name, as given to {@code --rows}
     * @param description one line for the table's legend
     * @param configure applies the row's retry and policy configuration
     * @throws NullPointerException if a component is missing
     */
    public AzureRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(configure, "configure");
    }
}
