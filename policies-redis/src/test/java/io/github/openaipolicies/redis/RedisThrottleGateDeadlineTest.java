// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.github.openaipolicies.redis.GateFixtures.REDIS_KEY;
import static io.github.openaipolicies.redis.GateFixtures.timesOut;
import static io.github.openaipolicies.redis.GateFixtures.patientOptions;
import static io.github.openaipolicies.redis.GateFixtures.remaining;
import static io.github.openaipolicies.redis.GateFixtures.request;
import static io.github.openaipolicies.redis.GateFixtures.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An attempt has one deadline, however many times Redis says to wait: the earlier of its call's deadline and its
 * start plus {@code maxWait}. A hold read from Redis lasts for a reader at most its own {@code maxRetryAfter}.
 */
class RedisThrottleGateDeadlineTest {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    /**
     * A counter at zero without a reset hint is believed for 1 s (a tenth of the validity), one at zero until a
     * reset of up to 10 s is kept locally for 1 s at a time; an attempt waits at most 2.5 s.
     */
    private static final ThrottleGateOptions SHORT_WAITS = new ThrottleGateOptions()
        .setCounterValidity(Duration.ofSeconds(10)).setMaxWait(Duration.ofMillis(2500));

    @Test
    void syncReEntriesAfterRedisWaitsKeepTheAttemptsOneDeadline() throws InterruptedException {
        RecordingGate local = counterAtZeroForTenSeconds();
        RedisThrottleGate gate = REDIS.newGate(patientOptions().setGateOptions(SHORT_WAITS), local,
            Clock.systemUTC());
        ThrottleRequest call = request(Duration.ofSeconds(30));

        assertThatThrownBy(() -> gate.acquireSync(call)).isInstanceOf(ThrottleGateTimeoutException.class);

        assertOneDeadline(local.asked(), call);
    }

    @Test
    void asyncReEntriesAfterRedisWaitsKeepTheAttemptsOneDeadline() {
        RecordingGate local = counterAtZeroForTenSeconds();
        RedisThrottleGate gate = REDIS.newGate(patientOptions().setGateOptions(SHORT_WAITS), local,
            Clock.systemUTC());
        ThrottleRequest call = request(Duration.ofSeconds(30));

        timesOut(gate, call, Duration.ofSeconds(20));

        assertOneDeadline(local.asked(), call);
    }

    @Test
    void aHoldLongerThanTheReadersMaxRetryAfterLastsOnlyThatLongForIt() throws InterruptedException {
        RedisThrottleGate patient = REDIS.newGate(patientOptions().setGateOptions(new ThrottleGateOptions()
            .setMaxRetryAfter(Duration.ofMinutes(10))));
        RedisThrottleGate capped = REDIS.newGate(patientOptions().setGateOptions(new ThrottleGateOptions()
            .setMaxRetryAfter(Duration.ofSeconds(1))));
        patient.report(patient.acquireSync(request(Duration.ofSeconds(5))), throttled(Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().hget(REDIS_KEY, "hold") != null);

        ThrottleAdmission admitted = capped.acquireSync(request(Duration.ofSeconds(30)));

        assertThat(admitted.getReason()).isEqualTo(ThrottleHoldReason.AFTER_429);
        assertThat(admitted.getHeld()).isLessThan(Duration.ofSeconds(30));
        assertThatThrownBy(() -> patient.acquireSync(request(Duration.ofSeconds(2))))
            .as("the writer, whose maxRetryAfter allows it, still keeps the 5 min hold")
            .isInstanceOfSatisfying(ThrottleGateTimeoutException.class,
                e -> assertThat(e.getWait()).isGreaterThan(Duration.ofMinutes(4)));
    }

    /**
     * A recording in-memory part, after another gate's answer left the shared request counter at zero with a 10 s
     * reset hint: Redis then says to wait up to 10 s, which the local part keeps for 1 s at a time (another worker's
     * answer could free the counter sooner).
     */
    private static RecordingGate counterAtZeroForTenSeconds() {
        RedisThrottleGate other = REDIS.newGate(patientOptions().setGateOptions(SHORT_WAITS));
        try {
            other.report(other.acquireSync(request(Duration.ofSeconds(5))), remaining(0, Duration.ofSeconds(10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "0".equals(REDIS.admin().hget(REDIS_KEY, "rq")));
        return new RecordingGate(ThrottleGate.create(SHORT_WAITS));
    }

    private static void assertOneDeadline(List<ThrottleRequest> asked, ThrottleRequest call) {
        assertThat(asked).as("the local gate was entered again after a Redis wait").hasSizeGreaterThan(1);
        Instant deadline = asked.get(0).deadline();
        assertThat(deadline).isBefore(call.deadline());
        assertThat(asked).as("every entry carries the first one's deadline")
            .allSatisfy(entry -> assertThat(entry.deadline()).isEqualTo(deadline));
    }
}
