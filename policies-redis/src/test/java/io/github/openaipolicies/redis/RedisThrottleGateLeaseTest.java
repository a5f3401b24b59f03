// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static io.github.openaipolicies.redis.GateFixtures.REDIS_KEY;
import static io.github.openaipolicies.redis.GateFixtures.admitted;
import static io.github.openaipolicies.redis.GateFixtures.calls;
import static io.github.openaipolicies.redis.GateFixtures.ok;
import static io.github.openaipolicies.redis.GateFixtures.patientOptions;
import static io.github.openaipolicies.redis.GateFixtures.remaining;
import static io.github.openaipolicies.redis.GateFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Grants in flight are counted across workers by their leases in Redis, under the generation of the key's state: an
 * answer ends its lease, a grant nobody answers stops counting when its lease ends, and an answer to a grant made
 * before the state was lost cannot open the counters of the new one.
 */
class RedisThrottleGateLeaseTest {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final String LEASES = REDIS_KEY + RedisThrottleGate.LEASES_SUFFIX;

    @Test
    void anAnswerToAGrantMadeBeforeAFlushDoesNotOpenTheCountersOfTheNewState() throws InterruptedException {
        RedisThrottleGate before = REDIS.newGate(patientOptions());
        RedisThrottleGate after = REDIS.newGate(patientOptions());
        for (int i = 0; i < 30; i++) {
            before.report(before.acquireSync(request(Duration.ofSeconds(5))), ok());
        }
        ThrottleAdmission old = before.acquireSync(request(Duration.ofSeconds(5)));
        assertThat(REDIS.admin().hget(REDIS_KEY, "g")).isEqualTo("31");

        REDIS.admin().flushall();
        ThrottleAdmission fresh = after.acquireSync(request(Duration.ofSeconds(5)));
        after.report(fresh, remaining(1, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(REDIS.admin().hget(REDIS_KEY, "rq")));
        long observed = calls(REDIS.admin(), "evalsha");
        before.report(old, remaining(1, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(5)).until(() -> calls(REDIS.admin(), "evalsha") == observed + 1);

        // A gate that has not seen the answer itself: only Redis's counter paces it.
        RedisThrottleGate third = REDIS.newGate(patientOptions());
        int granted = 0;
        while (true) {
            try {
                third.report(third.acquireSync(request(Duration.ofMillis(300))), ThrottleFeedback.abandoned());
                granted++;
            } catch (ThrottleGateTimeoutException refused) {
                break;
            }
            assertThat(granted).as("grants against 1 request left").isLessThanOrEqualTo(5);
        }
        assertThat(granted).as("the one request the new state's answer leaves").isEqualTo(1);
    }

    @Test
    void aHoldAnsweredAfterAFlushKeepsItsExpiryWhenTheStateGetsItsGeneration() throws InterruptedException {
        RedisThrottleGateOptions options = patientOptions().setGateOptions(new ThrottleGateOptions()
            .setMaxRetryAfter(Duration.ofMinutes(30)));
        RedisThrottleGate gate = REDIS.newGate(options);
        ThrottleAdmission old = gate.acquireSync(request(Duration.ofSeconds(5)));
        REDIS.admin().flushall();
        gate.report(old, GateFixtures.throttled(Duration.ofMinutes(20)));
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().hget(REDIS_KEY, "hold") != null);

        assertThatThrownBy(() -> REDIS.newGate(options).acquireSync(request(Duration.ofSeconds(1))))
            .as("a 429 holds whatever the generation").isInstanceOf(ThrottleGateTimeoutException.class);
        assertThat(REDIS.admin().hget(REDIS_KEY, "gen")).as("the state got a generation").isNotNull();
        assertThat(REDIS.admin().pttl(REDIS_KEY)).as("kept until the hold ends, not the 10 min idle expiry")
            .isGreaterThan(Duration.ofMinutes(15).toMillis());
    }

    @Test
    void twoGatesShareTheCountOfGrantsInFlightForSlowStart() throws InterruptedException {
        RedisThrottleGateOptions options = patientOptions().setGateOptions(new ThrottleGateOptions()
            .setInitialAdmission(2));
        RedisThrottleGate first = REDIS.newGate(options);
        RedisThrottleGate second = REDIS.newGate(options);
        ThrottleAdmission one = first.acquireSync(request(Duration.ofSeconds(5)));
        ThrottleAdmission two = first.acquireSync(request(Duration.ofSeconds(5)));
        assertThat(REDIS.admin().zcard(LEASES)).isEqualTo(2);

        assertThatThrownBy(() -> second.acquireSync(request(Duration.ofMillis(300))))
            .as("the shared window of 2 is full with the first gate's grants")
            .isInstanceOf(ThrottleGateTimeoutException.class);

        first.report(one, ok());
        ThrottleAdmission third = second.acquireSync(request(Duration.ofSeconds(10)));
        assertThat(third.wasHeld()).isTrue();
        assertThat(REDIS.admin().zcard(LEASES)).as("the answer ended its lease; the new grant has one").isEqualTo(2);
        first.report(two, ok());
        second.report(third, ok());
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().zcard(LEASES) == 0);
    }

    @Test
    void aGrantNeverAnsweredStopsCountingWhenItsLeaseEnds() throws InterruptedException {
        RedisThrottleGateOptions options = patientOptions().setLeaseMargin(Duration.ofSeconds(2))
            .setGateOptions(new ThrottleGateOptions().setInitialAdmission(2));
        RedisThrottleGate living = REDIS.newGate(options);
        ThrottleAdmission inFlight = living.acquireSync(request(Duration.ofSeconds(60)));
        RedisThrottleGate dying = REDIS.newGate(options);
        long asked = redisNowMillis();
        dying.acquireSync(request(Duration.ofMillis(500)));
        dying.close();
        List<String> members = REDIS.admin().zrange(LEASES, 0, -1);
        assertThat(members).hasSize(2);
        String dead = members.get(0);
        long leaseEnd = REDIS.admin().zscore(LEASES, dead).longValue();
        assertThat(leaseEnd).as("the call's 500 ms budget plus the 2 s margin, from the grant")
            .isBetween(asked + 2000, redisNowMillis() + 2500);

        RedisThrottleGate other = REDIS.newGate(options);
        assertThatThrownBy(() -> other.acquireSync(request(Duration.ofMillis(200))))
            .as("the dead worker's grant still counts").isInstanceOf(ThrottleGateTimeoutException.class);
        ThrottleAdmission joined = other.acquireSync(request(Duration.ofSeconds(20)));
        assertThat(redisNowMillis()).as("admitted once the lease ended").isGreaterThanOrEqualTo(leaseEnd);
        assertThat(REDIS.admin().zrange(LEASES, 0, -1)).doesNotContain(dead).hasSize(2);
        other.report(joined, ok());
        living.report(inFlight, ok());
    }

    @ParameterizedTest(name = "async: {0}")
    @ValueSource(booleans = {false, true})
    void aGrantWhoseReplyCameAfterTheCommandTimeoutIsReleased(boolean async) throws InterruptedException {
        RedisThrottleGate gate = REDIS.newGate(new RedisThrottleGateOptions()
            .setCommandTimeout(Duration.ofMillis(300)));
        gate.report(gate.acquireSync(request(Duration.ofSeconds(5))), ok());
        // Every client's commands wait for 1 s from now: the next grant's reply comes after the gate stopped waiting.
        REDIS.admin().clientPause(1000);

        ThrottleAdmission local = async ? admitted(gate, request(Duration.ofSeconds(30)), Duration.ofSeconds(5))
            : gate.acquireSync(request(Duration.ofSeconds(30)));
        assertThat(gate.isCoordinated()).isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> "2".equals(REDIS.admin().hget(REDIS_KEY, "g")));
        await().atMost(Duration.ofSeconds(5)).alias("the late grant's lease ended by its release, not its 40 s lease")
            .until(() -> REDIS.admin().zcard(LEASES) == 0);
        gate.report(local, ok());
    }

    private static long redisNowMillis() {
        List<String> time = REDIS.admin().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }
}
