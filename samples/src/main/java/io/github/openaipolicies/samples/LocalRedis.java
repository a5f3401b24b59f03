// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * A Redis for trying {@code BulkEmbed --redis} without installing one: starts the {@code redis-server} that
 * {@code embedded-redis} ships (Linux, macOS, Windows on x86-64 and ARM) on 127.0.0.1 and the given port (default
 * 6379), without persistence, until Ctrl-C.
 *
 * <pre>
 * mvn -q -pl samples exec:java -Dexec.mainClass=io.github.openaipolicies.samples.LocalRedis -Dexec.args=6379
 * </pre>
 */
public final class LocalRedis {
    private LocalRedis() {
    }

    /**
     * Starts Redis and waits until the JVM is stopped.
     *
     * @param args the port, optional
     * @throws IOException if Redis does not start
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 6379;
        RedisServer server = start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (IOException e) {
                System.err.println("LocalRedis: could not stop redis-server: " + e.getMessage());
            }
            stopped.countDown();
        }, "local-redis-stop"));
        System.out.println("Redis listening on redis://127.0.0.1:" + port + " (Ctrl-C stops it)");
        stopped.await();
    }

    /**
     * Starts an embedded Redis on 127.0.0.1 without persistence.
     *
     * @param port the port
     * @return the running server, to stop
     * @throws IOException if it does not start
     */
    static RedisServer start(int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
            .setting("appendonly no").build();
        server.start();
        return server;
    }
}
