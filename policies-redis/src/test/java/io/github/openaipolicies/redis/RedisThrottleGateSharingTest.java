// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.openaipolicies.redis.GateFixtures.REDIS_KEY;
import static io.github.openaipolicies.redis.GateFixtures.admitted;
import static io.github.openaipolicies.redis.GateFixtures.timesOut;
import static io.github.openaipolicies.redis.GateFixtures.calls;
import static io.github.openaipolicies.redis.GateFixtures.ok;
import static io.github.openaipolicies.redis.GateFixtures.patientOptions;
import static io.github.openaipolicies.redis.GateFixtures.remaining;
import static io.github.openaipolicies.redis.GateFixtures.request;
import static io.github.openaipolicies.redis.GateFixtures.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Several gates, each with its own Redis client (standing in for separate processes), share one quota key.
 */
class RedisThrottleGateSharingTest {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @Test
    void aHoldSetByOneIsSeenByAllWithoutAskingRedisAgain() throws InterruptedException {
        RedisThrottleGate first = REDIS.newGate(patientOptions());
        RedisThrottleGate second = REDIS.newGate(patientOptions());
        RedisThrottleGate third = REDIS.newGate(patientOptions());

        ThrottleAdmission admission = first.acquireSync(request(Duration.ofSeconds(5)));
        first.report(admission, throttled(Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().hget(REDIS_KEY, "hold") != null);

        assertThatThrownBy(() -> second.acquireSync(request(Duration.ofSeconds(2))))
            .isInstanceOfSatisfying(ThrottleGateTimeoutException.class,
                e -> assertThat(e.getWait()).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(20)));
        timesOut(third, request(Duration.ofSeconds(2)), Duration.ofSeconds(5));

        long asked = calls(REDIS.admin(), "evalsha") + calls(REDIS.admin(), "eval");
        assertThatThrownBy(() -> second.acquireSync(request(Duration.ofSeconds(2))))
            .isInstanceOf(ThrottleGateTimeoutException.class);
        assertThat(calls(REDIS.admin(), "evalsha") + calls(REDIS.admin(), "eval"))
            .as("no Redis round trip while a hold is known locally").isEqualTo(asked);
    }

    @Test
    void theCountersPaceTheAggregateOfAllGates() throws InterruptedException {
        List<RedisThrottleGate> three = List.of(REDIS.newGate(patientOptions()),
            REDIS.newGate(patientOptions()), REDIS.newGate(patientOptions()));
        ThrottleAdmission first = three.get(0).acquireSync(request(Duration.ofSeconds(5)));
        three.get(0).report(first, remaining(5, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(5)).until(() -> "5".equals(REDIS.admin().hget(REDIS_KEY, "rq")));

        int granted = 0;
        int refused = 0;
        for (int round = 0; refused < three.size(); round++) {
            RedisThrottleGate gate = three.get(round % three.size());
            try {
                ThrottleAdmission admission = gate.acquireSync(request(Duration.ofSeconds(2)));
                granted++;
                gate.report(admission, ThrottleFeedback.abandoned());
            } catch (ThrottleGateTimeoutException e) {
                refused++;
            }
        }

        assertThat(granted).as("attempts the counter's 5 remaining requests allow, across three gates")
            .isEqualTo(5);
    }

    @Test
    void theTokenCounterPacesTheAggregateOfAllGatesByCost() throws InterruptedException {
        List<RedisThrottleGate> two = List.of(REDIS.newGate(patientOptions()), REDIS.newGate(patientOptions()));
        ThrottleAdmission first = two.get(0).acquireSync(request(10, Duration.ofSeconds(5)));
        two.get(0).report(first, ThrottleFeedback.response(200, null, null, 100L, null, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(5)).until(() -> "100".equals(REDIS.admin().hget(REDIS_KEY, "tk")));

        int granted = 0;
        ThrottleGateTimeoutException refusal = null;
        for (int round = 0; refusal == null; round++) {
            RedisThrottleGate gate = two.get(round % two.size());
            try {
                gate.report(gate.acquireSync(request(30, Duration.ofSeconds(2))), ThrottleFeedback.abandoned());
                granted++;
            } catch (ThrottleGateTimeoutException e) {
                refusal = e;
            }
        }

        assertThat(granted).as("attempts of 30 tokens that 100 remaining tokens cover").isEqualTo(3);
        assertThat(refusal.getWait()).isGreaterThan(Duration.ofSeconds(20));
    }

    @Test
    void concurrentAdmissionsFromManyThreadsAndGatesNeverOversubscribeTheCounter() throws Exception {
        int gateCount = 4;
        int threadsPerGate = 8;
        long budget = 200;
        List<RedisThrottleGate> gates = new ArrayList<>();
        for (int i = 0; i < gateCount; i++) {
            gates.add(REDIS.newGate(patientOptions()));
        }
        ThrottleAdmission first = gates.get(0).acquireSync(request(Duration.ofSeconds(5)));
        gates.get(0).report(first, remaining(budget, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().hget(REDIS_KEY, "rq") != null);

        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(gateCount * threadsPerGate);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (RedisThrottleGate gate : gates) {
                for (int t = 0; t < threadsPerGate; t++) {
                    workers.add(pool.submit(() -> {
                        while (true) {
                            ThrottleAdmission admission;
                            try {
                                admission = gate.acquireSync(request(Duration.ofSeconds(10)));
                            } catch (ThrottleGateTimeoutException refused) {
                                return null;
                            }
                            granted.incrementAndGet();
                            gate.report(admission, ThrottleFeedback.abandoned());
                        }
                    }));
                }
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(granted.get()).as("grants to 32 threads on 4 gates").isEqualTo(budget);
        assertThat(REDIS.admin().hget(REDIS_KEY, "g")).isEqualTo(Long.toString(budget + 1));
    }

    @Test
    void aWorkerThatDiesLeavesNothingThatBlocksOthersPastTheKeysExpiry() throws InterruptedException {
        RedisThrottleGateOptions options = patientOptions().setKeyIdleExpiry(Duration.ofSeconds(1));
        RedisThrottleGate dying = REDIS.newGate(options);
        ThrottleAdmission admission = dying.acquireSync(request(Duration.ofSeconds(5)));
        assertThat(REDIS.admin().pttl(REDIS_KEY)).as("a grant alone sets the expiry").isBetween(1L, 1000L);
        dying.report(admission, remaining(1, Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(REDIS.admin().hget(REDIS_KEY, "rq")));
        dying.acquireSync(request(Duration.ofSeconds(5)));
        dying.close();

        RedisThrottleGate blocked = REDIS.newGate(options);
        assertThatThrownBy(() -> blocked.acquireSync(request(Duration.ofSeconds(2))))
            .isInstanceOf(ThrottleGateTimeoutException.class);
        assertThat(REDIS.admin().pttl(REDIS_KEY)).isBetween(1L, 1000L);

        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().exists(REDIS_KEY) == 0);
        RedisThrottleGate joining = REDIS.newGate(options);
        ThrottleAdmission joined = joining.acquireSync(request(Duration.ofSeconds(2)));
        assertThat(joined.getReason()).isEqualTo(ThrottleHoldReason.NONE);
        assertThat(REDIS.admin().hget(REDIS_KEY, "g")).as("a fresh sequence").isEqualTo("1");
    }

    @Test
    void afterScriptFlushEvalshaFallsBackToEvalOnceAndCoordinationStaysOn() throws InterruptedException {
        RedisThrottleGate gate = REDIS.newGate(patientOptions());
        gate.report(gate.acquireSync(request(Duration.ofSeconds(5))), ok());
        REDIS.admin().scriptFlush();
        long evals = calls(REDIS.admin(), "eval");

        gate.report(gate.acquireSync(request(Duration.ofSeconds(5))), ok());
        assertThat(REDIS.admin().hget(REDIS_KEY, "g")).isEqualTo("2");
        await().atMost(Duration.ofSeconds(5)).alias("the grant, then its answer (which ends its lease), by EVAL once each")
            .until(() -> REDIS.admin().zcard(REDIS_KEY + RedisThrottleGate.LEASES_SUFFIX) == 0);
        assertThat(calls(REDIS.admin(), "eval")).isEqualTo(evals + 2);

        long evalshas = calls(REDIS.admin(), "evalsha");
        gate.report(admitted(gate, request(Duration.ofSeconds(5)), Duration.ofSeconds(5)), ok());
        assertThat(REDIS.admin().hget(REDIS_KEY, "g")).isEqualTo("3");
        await().atMost(Duration.ofSeconds(5)).alias("EVAL cached the scripts again")
            .until(() -> calls(REDIS.admin(), "evalsha") == evalshas + 2);
        assertThat(calls(REDIS.admin(), "eval")).isEqualTo(evals + 2);
        assertThat(gate.isCoordinated()).isTrue();
    }
}
