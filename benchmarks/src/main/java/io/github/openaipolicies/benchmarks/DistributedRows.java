package io.github.openaipolicies.benchmarks;

import com.azure.ai.openai.OpenAIClientBuilder;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.redis.RedisThrottleGate;
import io.github.openaipolicies.redis.RedisThrottleGateOptions;
import io.lettuce.core.RedisClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The rows {@link DistributedIngest} knows, in their forward order, and how a worker configures its client for each. */
final class DistributedRows {
    /** Each worker with its own in-memory gate. */
    static final String LOCAL = "local";
    /** Every worker with a gate on one Redis. */
    static final String REDIS = "redis";
    /** azure-core's RetryPolicy with 10 retries, for reference. */
    static final String STOCK_10 = "stock-10";

    private static final Map<String, String> DESCRIPTIONS = descriptions();

    private DistributedRows() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> descriptions = new LinkedHashMap<>();
        descriptions.put(LOCAL, "each worker: OpenAIPipelines.install(builder, options) with its own ThrottleGate.create()");
        descriptions.put(REDIS, "each worker: OpenAIPipelines.install(builder, options) with"
            + " RedisThrottleGate.create(RedisClient.create(url)), one Redis, a new key prefix per run");
        descriptions.put(STOCK_10, IngestRows.azure(STOCK_10).description());
        return descriptions;
    }

    /**
     * Every row name, in forward order.
     *
     * @return the names
     */
    static List<String> names() {
        return List.copyOf(DESCRIPTIONS.keySet());
    }

    /**
     * One legend line per row.
     *
     * @return the descriptions by row name, in forward order
     */
    static Map<String, String> all() {
        return DESCRIPTIONS;
    }

    /**
     * Checks a row list.
     *
     * @param rows row names
     * @return the names, copied
     * @throws IllegalArgumentException naming an unknown or repeated row, or for no row
     */
    static List<String> check(List<String> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("--rows must name at least one row of " + names());
        }
        List<String> seen = new ArrayList<>();
        for (String row : rows) {
            if (!DESCRIPTIONS.containsKey(row)) {
                throw new IllegalArgumentException("--rows: unknown row '" + row + "', known: " + names());
            }
            if (seen.contains(row)) {
                throw new IllegalArgumentException("--rows: row '" + row + "' named twice");
            }
            seen.add(row);
        }
        return List.copyOf(rows);
    }

    /**
     * How a worker configures its client builder for a row.
     *
     * @param row the row name
     * @param redis the Redis client of the {@code redis} row (null for the others)
     * @param keyPrefix the {@code redis} row's key prefix, new for every run so no run sees what another stored
     * @return the configuration
     */
    static UnaryOperator<OpenAIClientBuilder> configure(String row, RedisClient redis, String keyPrefix) {
        return switch (row) {
            case LOCAL -> IngestRows.azure("gate").configure();
            case STOCK_10 -> IngestRows.azure(STOCK_10).configure();
            case REDIS -> builder -> OpenAIPipelines.install(builder, new OpenAIPipelineOptions().setThrottleGate(
                RedisThrottleGate.create(redis, new RedisThrottleGateOptions().setKeyPrefix(keyPrefix))));
            default -> throw new IllegalArgumentException("unknown row '" + row + "', known: " + names());
        };
    }
}
