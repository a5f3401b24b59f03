package io.github.openaipolicies.benchmarks;

import com.openai.core.ClientOptions;
import com.openai.core.http.HttpClient;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An openai-java row of {@link ThrottledIngest}: a name, the per-attempt {@link HttpClient} the row puts between
 * openai-java's own retry and the transport that reaches the simulator (the identity for openai-java as it ships; an
 * adapter's {@code wrap(transport, options)} for a protected row), and how it configures the client options, which
 * already have the base URL, the credential and that per-attempt client.
 *
 * @param name the row name, as given to {@code --rows}
 * @param description one line for the table's legend
 * @param perAttempt wraps the transport that reaches the simulator (already counting attempts) into the client
 *     openai-java calls once per attempt; called once per run
 * @param configure applies the row's retry configuration to the client options
 */
public record OpenAIJavaRow(String name, String description, UnaryOperator<HttpClient> perAttempt,
                            UnaryOperator<ClientOptions.Builder> configure) implements IngestRow {
    /**
     * Creates and validates the record.
     *
     * @param name the row name, as given to {@code --rows}
     * @param description one line for the table's legend
     * @param perAttempt wraps the transport that reaches the simulator into the client openai-java calls per attempt
     * @param configure applies the row's retry configuration to the client options
     * @throws NullPointerException if a component is missing
     */
    public OpenAIJavaRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(perAttempt, "perAttempt");
        Objects.requireNonNull(configure, "configure");
    }
}
