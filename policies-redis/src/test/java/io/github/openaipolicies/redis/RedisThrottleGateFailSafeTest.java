// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import ch.qos.logback.classic.Level;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.openaipolicies.redis.GateFixtures.REDIS_KEY;
import static io.github.openaipolicies.redis.GateFixtures.admitted;
import static io.github.openaipolicies.redis.GateFixtures.ok;
import static io.github.openaipolicies.redis.GateFixtures.request;
import static io.github.openaipolicies.redis.GateFixtures.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * When Redis is gone or slow, no call fails: the gates go on their in-memory state, warn once, and coordinate again
 * when Redis answers.
 */
class RedisThrottleGateFailSafeTest {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @Test
    void redisKilledMidRunThenRestartedFailsNoCallWarnsOnceAndCoordinatesAgain() throws Exception {
        Assumptions.assumeTrue(REDIS.embedded(), "needs the embedded Redis, which the test can stop");
        RedisThrottleGateOptions options = new RedisThrottleGateOptions()
            .setCommandTimeout(Duration.ofMillis(500)).setProbeInterval(Duration.ofMillis(100));
        RedisThrottleGate first = REDIS.newGate(options);
        RedisThrottleGate second = REDIS.newGate(options);
        try (GateLogs logs = new GateLogs()) {
            runAttempts(first, second, 4);
            assertThat(REDIS.admin().hget(REDIS_KEY, "g")).isEqualTo("4");

            REDIS.stop();
            runAttempts(first, second, 20);
            assertThat(first.isCoordinated()).isFalse();
            assertThat(second.isCoordinated()).isFalse();
            assertThat(logs.count(Level.WARN)).as("one warning per gate: %s", logs.messages()).isEqualTo(2);

            REDIS.start();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                runAttempts(first, second, 2);
                return first.isCoordinated() && second.isCoordinated();
            });
            assertThat(logs.count(Level.WARN)).as(logs.messages()).isEqualTo(2);
            assertThat(logs.count(Level.INFO)).as("one recovery line per gate: %s", logs.messages()).isEqualTo(2);
        }

        ThrottleAdmission admission = first.acquireSync(request(Duration.ofSeconds(5)));
        first.report(admission, throttled(Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().hget(REDIS_KEY, "hold") != null);
        assertThatThrownBy(() -> second.acquireSync(request(Duration.ofSeconds(2))))
            .as("a hold set by one gate holds the other again")
            .isInstanceOf(ThrottleGateTimeoutException.class);
    }

    @Test
    void aSlowRedisFallsBackWithinTheCommandTimeout() throws InterruptedException {
        RedisThrottleGateOptions options = new RedisThrottleGateOptions()
            .setCommandTimeout(Duration.ofMillis(500));
        RedisThrottleGate sync = REDIS.newGate(options);
        RedisThrottleGate async = REDIS.newGate(options);
        sync.report(sync.acquireSync(request(Duration.ofSeconds(5))), ok());
        async.report(async.acquireSync(request(Duration.ofSeconds(5))), ok());
        try (GateLogs logs = new GateLogs()) {
            // Every client's commands wait for 4 s from now.
            REDIS.admin().clientPause(4000);

            long start = System.nanoTime();
            ThrottleAdmission admission = sync.acquireSync(request(Duration.ofSeconds(5)));
            Duration syncTook = Duration.ofNanos(System.nanoTime() - start);
            sync.report(admission, ok());
            start = System.nanoTime();
            async.report(admitted(async, request(Duration.ofSeconds(5)), Duration.ofSeconds(3)), ok());
            Duration asyncTook = Duration.ofNanos(System.nanoTime() - start);

            assertThat(syncTook).isLessThan(Duration.ofMillis(2500));
            assertThat(asyncTook).isLessThan(Duration.ofMillis(2500));
            assertThat(sync.isCoordinated()).isFalse();
            assertThat(async.isCoordinated()).isFalse();
            assertThat(logs.count(Level.WARN)).isEqualTo(2);
        }
    }

    @Test
    void aGateCreatedWhileRedisIsDownWorksAndJoinsWhenRedisComesUp() throws Exception {
        Assumptions.assumeTrue(REDIS.embedded(), "needs the embedded Redis, which the test can stop");
        REDIS.stop();
        RedisThrottleGate late;
        try {
            late = REDIS.newGate(new RedisThrottleGateOptions().setCommandTimeout(Duration.ofMillis(500))
                .setProbeInterval(Duration.ofMillis(100)));
            assertThat(late.isCoordinated()).isFalse();
            late.report(late.acquireSync(request(Duration.ofSeconds(5))), ok());
        } finally {
            REDIS.start();
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            late.report(late.acquireSync(request(Duration.ofSeconds(5))), ok());
            return late.isCoordinated() && REDIS.admin().hget(REDIS_KEY, "g") != null;
        });
    }

    /** Alternates sync and async attempts on both gates; each must be admitted. */
    private static void runAttempts(RedisThrottleGate first, RedisThrottleGate second, int count)
        throws InterruptedException {
        for (int i = 0; i < count; i++) {
            RedisThrottleGate gate = i % 2 == 0 ? first : second;
            if (i % 4 < 2) {
                gate.report(gate.acquireSync(request(Duration.ofSeconds(5))), ok());
            } else {
                gate.report(admitted(gate, request(Duration.ofSeconds(5)), Duration.ofSeconds(5)), ok());
            }
        }
    }
}
