// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static io.github.openaipolicies.redis.GateFixtures.ok;
import static io.github.openaipolicies.redis.GateFixtures.admitted;
import static io.github.openaipolicies.redis.GateFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Creating a gate never waits for Redis: not for a connection, not for the scripts. */
class RedisThrottleGateStartTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    /** How long Lettuce waits for the handshake's reply: what a create that waits for Redis would wait. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void createReturnsAtOnceWhileRedisAcceptsConnectionsButNeverAnswers() throws IOException, InterruptedException {
        // The kernel completes TCP handshakes into the backlog; nobody ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(silent.getLocalPort()).withTimeout(HANDSHAKE_TIMEOUT).build());
            try {
                long start = System.nanoTime();
                RedisThrottleGate gate = RedisThrottleGate.create(client, new RedisThrottleGateOptions()
                    .setCommandTimeout(COMMAND_TIMEOUT));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                try {
                    assertThat(took).as("create waited for no reply").isLessThan(COMMAND_TIMEOUT.multipliedBy(5));
                    assertThat(gate.isCoordinated()).isFalse();

                    ThrottleAdmission sync = gate.acquireSync(request(Duration.ofSeconds(10)));
                    gate.report(sync, ok());
                    gate.report(admitted(gate, request(Duration.ofSeconds(10)), Duration.ofSeconds(10)), ok());
                    assertThat(gate.isCoordinated()).isFalse();
                } finally {
                    gate.close();
                }
            } finally {
                client.shutdownAsync();
            }
        }
    }
}
