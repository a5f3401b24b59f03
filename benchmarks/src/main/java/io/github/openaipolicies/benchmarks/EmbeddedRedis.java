package io.github.openaipolicies.benchmarks;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A {@code redis-server} started on a free loopback port for one benchmark run (embedded-redis ships the binary). */
final class EmbeddedRedis implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a server.
     *
     * @return the running server
     * @throws UncheckedIOException if it cannot start
     */
    static EmbeddedRedis start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            RedisServer server = new RedisServer(port);
            server.start();
            return new EmbeddedRedis(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded Redis", e);
        }
    }

    /**
     * The server's URL.
     *
     * @return {@code redis://127.0.0.1:PORT}
     */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded Redis", e);
        }
    }
}
