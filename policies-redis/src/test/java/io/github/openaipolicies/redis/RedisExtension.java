// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.ThrottleGate;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for the tests of a class: an embedded {@code redis-server} (from {@code embedded-redis}) on a free
 * port, or the one {@code REDIS_URL} names. Each test starts on an empty database; every client made here is shut
 * down after the class. Stopping and starting the server works with the embedded one only.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension REDIS = new RedisExtension();
 * }</pre>
 */
public final class RedisExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback {
    private static final int START_ATTEMPTS = 5;
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<RedisThrottleGate> gates = new ArrayList<>();
    private RedisServer server;
    private RedisURI uri;
    private ClientResources resources;
    private StatefulRedisConnection<String, String> admin;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String external = System.getenv("REDIS_URL");
        if (external != null && !external.isBlank()) {
            uri = RedisURI.create(external);
        } else {
            server = startOnAFreePort(RedisExtension::freePort);
            int port = server.ports().get(0);
            uri = RedisURI.create("redis://127.0.0.1:" + port);
        }
        // Reconnect quickly after the server comes back, so that tests of a restart need not wait for back-off.
        resources = DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(50))).build();
        admin = newClient().connect();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (isRunning()) {
            admin.sync().flushall();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        gates.forEach(RedisThrottleGate::close);
        gates.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        clients.forEach(client -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        clients.clear();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        if (server != null) {
            server.stop();
        }
    }

    /**
     * A new client of the test Redis, like one process of several would have.
     *
     * @return the client, shut down after the class
     */
    public synchronized RedisClient newClient() {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true).build());
        clients.add(client);
        return client;
    }

    /**
     * A gate on a client of its own, as one process of several would have; closed after the test.
     *
     * @param options the gate's options
     * @return the gate
     */
    public synchronized RedisThrottleGate newGate(RedisThrottleGateOptions options) {
        RedisThrottleGate gate = RedisThrottleGate.create(newClient(), options);
        gates.add(gate);
        return gate;
    }

    /**
     * A gate on a client of its own whose in-memory part and clock the test chooses; closed after the test.
     *
     * @param options the gate's options
     * @param local the in-memory part, following {@code options.getGateOptions()}
     * @param clock the clock the in-memory part decides by
     * @return the gate
     */
    public synchronized RedisThrottleGate newGate(RedisThrottleGateOptions options, ThrottleGate local, Clock clock) {
        RedisThrottleGate gate = RedisThrottleGate.create(newClient(), options, local, clock);
        gates.add(gate);
        return gate;
    }

    /**
     * The URL of the test Redis, for programs that take one.
     *
     * @return the URL, such as {@code redis://127.0.0.1:6379}
     */
    public String url() {
        return uri.toURI().toString();
    }

    /**
     * Commands on a connection of the tests' own, for inspecting and poking Redis.
     *
     * @return the commands
     */
    public RedisCommands<String, String> admin() {
        return admin.sync();
    }

    /**
     * Whether the Redis of the tests is embedded (so it can be stopped and started).
     *
     * @return true when embedded
     */
    public boolean embedded() {
        return server != null;
    }

    /** Kills the embedded server. */
    public void stop() throws IOException {
        server.stop();
    }

    /** Starts the embedded server again, on the same port, with an empty database. */
    public void start() throws IOException {
        server.start();
    }

    private boolean isRunning() {
        return server == null || server.isActive();
    }

    /**
     * Starts the embedded server on a port that was free a moment ago. Another process may bind it between the pick
     * and the server's bind (redis-server cannot pick a port itself): then the server does not start, and another
     * port is tried.
     */
    static RedisServer startOnAFreePort(PortPicker ports) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = ports.pick();
            RedisServer candidate = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
            try {
                candidate.start();
                return candidate;
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException io ? io : new IOException(e);
                stopQuietly(candidate);
            }
        }
        throw last;
    }

    private static void stopQuietly(RedisServer candidate) {
        try {
            candidate.stop();
        } catch (IOException | RuntimeException ignored) {
            // It never started.
        }
    }

    /** Picks a port that is probably free. */
    @FunctionalInterface
    interface PortPicker {
        int pick() throws IOException;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
