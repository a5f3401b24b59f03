// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.redis.RedisThrottleGate;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

import java.time.Duration;

/**
 * BulkEmbed's throttle gate: the JVM-wide in-memory gate, or with {@code --redis} a {@link RedisThrottleGate} shared
 * with every other process on that Redis. Closing it closes the Redis connection and client.
 */
public final class SharedGate implements AutoCloseable {
    private final ThrottleGate gate;
    private final RedisClient client;
    private final String description;

    private SharedGate(ThrottleGate gate, RedisClient client, String description) {
        this.gate = gate;
        this.client = client;
        this.description = description;
    }

    /**
     * Opens the gate.
     *
     * @param uri the {@code --redis} URL, or null for this process's own gate
     * @return the gate, to close after the run
     */
    public static SharedGate open(RedisURI uri) {
        if (uri == null) {
            return new SharedGate(ThrottleGate.shared(), null, "this process's own (add --redis URL to share the"
                + " quota with other workers)");
        }
        RedisClient client = RedisClient.create(uri);
        RedisThrottleGate gate = RedisThrottleGate.create(client);
        return new SharedGate(gate, client, "shared through Redis at " + uri.getHost() + ":" + uri.getPort()
            + (gate.isCoordinated() ? "" : " (not answering yet: this process's own gate until it does)"));
    }

    /**
     * The gate.
     *
     * @return the gate
     */
    public ThrottleGate gate() {
        return gate;
    }

    /**
     * For the run's header: whose gate this is.
     *
     * @return the description, without credentials
     */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (gate instanceof RedisThrottleGate redis) {
            redis.close();
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
