// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The test Redis starts even when another process takes the port it picked before the server binds it. */
class RedisExtensionTest {
    @Test
    void aPortTakenBetweenThePickAndTheBindIsReplacedByAnother() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Deque<Integer> picks = new ArrayDeque<>(List.of(taken.getLocalPort()));

            RedisServer server = RedisExtension.startOnAFreePort(() -> picks.isEmpty() ? anyFreePort() : picks.pop());
            try {
                assertThat(server.ports()).hasSize(1).doesNotContain(taken.getLocalPort());
                assertThat(server.isActive()).isTrue();
            } finally {
                server.stop();
            }
        }
    }

    private static int anyFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
