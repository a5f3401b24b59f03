// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.openaipolicies.redis.GateFixtures.REDIS_KEY;
import static io.github.openaipolicies.redis.GateFixtures.calls;
import static io.github.openaipolicies.redis.GateFixtures.ok;
import static io.github.openaipolicies.redis.GateFixtures.patientOptions;
import static io.github.openaipolicies.redis.GateFixtures.request;
import static io.github.openaipolicies.redis.GateFixtures.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancelling the future of {@code acquire} withdraws the attempt wherever it is, and follows the SPI's ownership
 * rule: cancel returned true, no admission exists for the holder; the future completed first, the holder owns it.
 */
class RedisThrottleGateCancelTest {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String LEASES = REDIS_KEY + RedisThrottleGate.LEASES_SUFFIX;

    @Test
    void cancellingWhileHeldInMemoryWithdrawsTheWaiterThereAndAsksRedisNothing() throws InterruptedException {
        RedisThrottleGateOptions options = patientOptions();
        RecordingGate local = new RecordingGate(ThrottleGate.create(options.getGateOptions()));
        RedisThrottleGate gate = REDIS.newGate(options, local, Clock.systemUTC());
        gate.report(gate.acquireSync(request(Duration.ofSeconds(5))), throttled(Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().hget(REDIS_KEY, "hold") != null);
        long asked = redisScriptCalls();

        CompletableFuture<ThrottleAdmission> future = gate.acquire(request(Duration.ofSeconds(30)));
        assertThat(future).isNotDone();

        assertThat(future.cancel(false)).isTrue();
        assertThat(local.futures()).singleElement()
            .satisfies(waiting -> assertThat(waiting).as("the in-memory waiter is withdrawn").isCancelled());
        assertThat(redisScriptCalls()).isEqualTo(asked);
    }

    @Test
    void cancellingWhileRedisDecidesGivesTheInMemoryAdmissionBackAtOnceAndReleasesTheGrantWhenItComes()
        throws InterruptedException {
        RedisThrottleGateOptions options = patientOptions().setCommandTimeout(Duration.ofSeconds(10));
        RecordingGate local = new RecordingGate(ThrottleGate.create(options.getGateOptions()));
        RedisThrottleGate gate = REDIS.newGate(options, local, Clock.systemUTC());
        gate.report(gate.acquireSync(request(Duration.ofSeconds(5))), ok());
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().zcard(LEASES) == 0);
        // Every client's commands wait for 1 s from now: the grant's reply comes after the cancel.
        REDIS.admin().clientPause(1000);

        CompletableFuture<ThrottleAdmission> future = gate.acquire(request(Duration.ofSeconds(30)));
        assertThat(local.futures()).as("the in-memory part let it go at once: Redis decides")
            .singleElement().satisfies(admitted -> assertThat(admitted).isCompleted());

        assertThat(future.cancel(false)).isTrue();
        ThrottleAdmission inMemory = local.futures().get(0).join();
        assertThat(local.reports()).as("given back at once, not after Redis's reply")
            .containsExactly(new RecordingGate.Report(local.reports().get(0).admission(), ok()),
                new RecordingGate.Report(inMemory, ThrottleFeedback.abandoned()));

        await().atMost(Duration.ofSeconds(5)).until(() -> "2".equals(REDIS.admin().hget(REDIS_KEY, "g")));
        await().atMost(Duration.ofSeconds(5)).alias("the grant nobody wanted ended its lease at once, not in 40 s")
            .until(() -> REDIS.admin().zcard(LEASES) == 0);
        assertThat(local.reports()).as("reported once").hasSize(2);
        assertThat(gate.isCoordinated()).isTrue();
    }

    @Test
    void anAdmissionThatCameFirstBelongsToTheHolderAndCancelReturnsFalse() throws InterruptedException {
        RedisThrottleGateOptions options = patientOptions();
        RecordingGate local = new RecordingGate(ThrottleGate.create(options.getGateOptions()));
        RedisThrottleGate gate = REDIS.newGate(options, local, Clock.systemUTC());
        gate.report(gate.acquireSync(request(Duration.ofSeconds(5))), ok());

        CompletableFuture<ThrottleAdmission> future = gate.acquire(request(Duration.ofSeconds(30)));
        assertThat(future).succeedsWithin(Duration.ofSeconds(5));

        assertThat(future.cancel(false)).isFalse();
        assertThat(REDIS.admin().zcard(LEASES)).as("the holder's grant is in flight").isEqualTo(1);
        assertThat(local.reports()).hasSize(1);
        gate.report(future.join(), ok());
        assertThat(local.reports()).extracting(RecordingGate.Report::feedback).containsExactly(ok(), ok());
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().zcard(LEASES) == 0);
    }

    @Test
    void anInMemoryAdmissionDecidedAsTheCancelCameGoesBackToTheInMemoryPartWithoutAskingRedis()
        throws InterruptedException {
        UndecidedGate local = new UndecidedGate();
        RedisThrottleGate gate = REDIS.newGate(patientOptions(), local, Clock.systemUTC());
        gate.report(gate.acquireSync(request(Duration.ofSeconds(5))), ok());
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().zcard(LEASES) == 0);
        long asked = redisScriptCalls();

        CompletableFuture<ThrottleAdmission> future = gate.acquire(request(Duration.ofSeconds(30)));
        assertThat(future.cancel(false)).isTrue();
        ThrottleAdmission decided = new ThrottleAdmission(GateFixtures.QUOTA_KEY, 1, Duration.ZERO,
            ThrottleHoldReason.NONE);
        local.pending.complete(decided);

        assertThat(local.reports).as("the admission the in-memory part decided went back to it at once")
            .containsExactly(new RecordingGate.Report(decided, ThrottleFeedback.abandoned()));
        assertThat(redisScriptCalls()).isEqualTo(asked);
        assertThat(REDIS.admin().hget(REDIS_KEY, "g")).isEqualTo("1");
    }

    private static long redisScriptCalls() {
        return calls(REDIS.admin(), "evalsha") + calls(REDIS.admin(), "eval");
    }

    /**
     * An in-memory part whose sync path lets everything go and whose async wait the test decides: its future
     * refuses to be cancelled, as when the admission is decided at the same moment as the cancel.
     */
    private static final class UndecidedGate implements ThrottleGate {
        private final ThrottleGate admitAll = ThrottleGate.create();
        final List<RecordingGate.Report> reports = new CopyOnWriteArrayList<>();
        final CompletableFuture<ThrottleAdmission> pending = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return false;
            }
        };

        @Override
        public String quotaKey(RequestView request) {
            return admitAll.quotaKey(request);
        }

        @Override
        public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
            return pending;
        }

        @Override
        public ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException {
            return admitAll.acquireSync(request);
        }

        @Override
        public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
            if (admission.getClass() == ThrottleAdmission.class) {
                reports.add(new RecordingGate.Report(admission, feedback));
            } else {
                admitAll.report(admission, feedback);
            }
        }
    }
}
