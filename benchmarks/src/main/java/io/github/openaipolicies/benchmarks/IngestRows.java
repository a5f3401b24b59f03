package io.github.openaipolicies.benchmarks;

import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.openai.OpenAIJavaPolicies;
import io.github.openaipolicies.openai.OpenAIJavaPolicyOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The rows {@link ThrottledIngest} knows, in their forward order: the azure-ai-openai rows ({@link AzureRow}), then
 * the openai-java rows ({@link OpenAIJavaRow}). Add a row by adding one here; an openai-java row protected by an
 * adapter is an {@link OpenAIJavaRow} whose {@code perAttempt} is the adapter's {@code wrap(transport, options)}. A
 * row's configuration runs once per run, so the {@code gate} row starts every run (and the warm-up) with a gate that
 * knows nothing.
 */
public final class IngestRows {
    private static final List<IngestRow> ALL = List.of(
        new AzureRow("stock",
            "OpenAIClientBuilder defaults: azure-core RetryPolicy, 3 retries, exponential 0.8 s base",
            builder -> builder),
        new AzureRow("stock-10",
            "azure-core RetryPolicy with 10 retries (ExponentialBackoffOptions.setMaxRetries(10))",
            builder -> builder.retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(10)))),
        new AzureRow("policies", "OpenAIPipelines.install(builder, options), throttle gate off (setThrottleGate(null))",
            builder -> OpenAIPipelines.install(builder, new OpenAIPipelineOptions().setThrottleGate(null))),
        new AzureRow("gate", "OpenAIPipelines.install(builder, options), a new ThrottleGate.create() per run",
            builder -> OpenAIPipelines.install(builder, gateOptions())),
        new OpenAIJavaRow("openai-java", "openai-java " + OpenAIJavaCalls.VERSION + " defaults: its own retry, 2 retries,"
            + " server delay capped at 8 s", UnaryOperator.identity(), UnaryOperator.identity()),
        new OpenAIJavaRow("openai-java-10", "openai-java with 10 retries (maxRetries(10))", UnaryOperator.identity(),
            options -> options.maxRetries(10)),
        new OpenAIJavaRow("openai-java+gate", "OpenAIJavaPolicies.wrap(transport, options), a new ThrottleGate.create()"
            + " per run", transport -> OpenAIJavaPolicies.wrap(transport, new OpenAIJavaPolicyOptions()
                .setThrottleGate(ThrottleGate.create())), UnaryOperator.identity()));

    private static final Map<String, IngestRow> BY_NAME = ALL.stream()
        .collect(Collectors.toMap(IngestRow::name, Function.identity()));

    private IngestRows() {
    }

    /**
     * The options of the {@code gate} row: a new gate on every call, so no run starts with what another learned.
     *
     * @return new options with a new {@link ThrottleGate#create()}
     */
    static OpenAIPipelineOptions gateOptions() {
        return new OpenAIPipelineOptions().setThrottleGate(ThrottleGate.create());
    }

    /**
     * The azure-ai-openai row with the given name.
     *
     * @param name a row name
     * @return the row
     * @throws IllegalArgumentException naming an unknown row or one that is not an azure-ai-openai row
     */
    static AzureRow azure(String name) {
        if (select(List.of(name)).get(0) instanceof AzureRow row) {
            return row;
        }
        throw new IllegalArgumentException("row '" + name + "' is not an azure-ai-openai row");
    }

    /**
     * Every row, in forward order.
     *
     * @return the rows
     */
    public static List<IngestRow> all() {
        return ALL;
    }

    /**
     * Every row name, in forward order.
     *
     * @return the names
     */
    public static List<String> names() {
        return ALL.stream().map(IngestRow::name).toList();
    }

    /**
     * The rows with the given names, in the given order.
     *
     * @param names row names
     * @return the rows
     * @throws IllegalArgumentException naming an unknown or repeated row
     */
    public static List<IngestRow> select(List<String> names) {
        List<IngestRow> rows = new ArrayList<>();
        for (String name : names) {
            IngestRow row = BY_NAME.get(name);
            if (row == null) {
                throw new IllegalArgumentException("--rows: unknown row '" + name + "', known: " + names());
            }
            if (rows.contains(row)) {
                throw new IllegalArgumentException("--rows: row '" + name + "' named twice");
            }
            rows.add(row);
        }
        return rows;
    }
}
