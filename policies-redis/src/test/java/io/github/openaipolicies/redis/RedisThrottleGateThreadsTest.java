// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.github.openaipolicies.redis.GateFixtures.REDIS_KEY;
import static io.github.openaipolicies.redis.GateFixtures.ok;
import static io.github.openaipolicies.redis.GateFixtures.patientOptions;
import static io.github.openaipolicies.redis.GateFixtures.remaining;
import static io.github.openaipolicies.redis.GateFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Admissions that needed Redis are emitted off Lettuce's I/O thread, which every Redis reply waits for. */
class RedisThrottleGateThreadsTest {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @Test
    void anAdmissionGrantedByRedisIsNotEmittedOnALettuceIoThread() throws InterruptedException {
        RedisThrottleGate gate = REDIS.newGate(patientOptions());
        gate.report(gate.acquireSync(request(Duration.ofSeconds(5))), ok());
        // The grant's reply surely comes later, on Lettuce's thread, not before the gate subscribes to it.
        REDIS.admin().clientPause(200);

        assertNotLettuce(threadThatCompletes(gate, request(Duration.ofSeconds(5))));
        assertThat(REDIS.admin().hget(REDIS_KEY, "g")).as("Redis granted it").isEqualTo("2");
    }

    @Test
    void anAdmissionRedisHeldFirstIsNotEmittedOnALettuceIoThreadEither() throws InterruptedException {
        RedisThrottleGateOptions options = patientOptions().setGateOptions(new ThrottleGateOptions()
            .setCounterValidity(Duration.ofSeconds(1)));
        RedisThrottleGate other = REDIS.newGate(options);
        other.report(other.acquireSync(request(Duration.ofSeconds(5))), remaining(0, Duration.ofMillis(300)));
        await().atMost(Duration.ofSeconds(5)).until(() -> "0".equals(REDIS.admin().hget(REDIS_KEY, "rq")));
        RedisThrottleGate gate = REDIS.newGate(options);

        assertNotLettuce(threadThatCompletes(gate, request(Duration.ofSeconds(10))));
    }

    /** The thread that completed the admission's future (and runs what depends on it); the admission is reported. */
    private static String threadThatCompletes(RedisThrottleGate gate, ThrottleRequest request) {
        CompletableFuture<String> thread = gate.acquire(request).thenApply(admission -> {
            gate.report(admission, ok());
            return Thread.currentThread().getName();
        });
        assertThat(thread).succeedsWithin(Duration.ofSeconds(15));
        return thread.join();
    }

    private static void assertNotLettuce(String thread) {
        assertThat(thread).doesNotStartWith("lettuce-").doesNotContain("EventLoop");
    }
}
